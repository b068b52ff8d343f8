// Jest globalSetup: in report mode (RESPONSE_CONTRACT=report), start the run with an empty report.
const { rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

module.exports = function startContractReport() {
  if ((process.env.RESPONSE_CONTRACT ?? '').trim().toLowerCase() !== 'report') return;
  const file = resolve(process.env.RESPONSE_CONTRACT_REPORT ?? join(__dirname, '..', '..', '.tmp', 'response-contract.jsonl'));
  rmSync(file, { force: true });
};
