// Jest globalTeardown: in report mode (RESPONSE_CONTRACT=report), print every distinct violation of
// the run, grouped by operation and status (the lines come from contract-recorder.ts `settle`).
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

module.exports = function printContractReport() {
  if ((process.env.RESPONSE_CONTRACT ?? '').trim().toLowerCase() !== 'report') return;
  const file = resolve(process.env.RESPONSE_CONTRACT_REPORT ?? join(__dirname, '..', '..', '.tmp', 'response-contract.jsonl'));
  const entries = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
    : [];
  const groups = new Map();
  for (const entry of entries) {
    const key = [entry.operation, entry.status, entry.source, entry.kind].join('|');
    const group = groups.get(key) ?? { ...entry, count: 0, suites: new Set() };
    group.count += entry.count;
    if (entry.suite) group.suites.add(entry.suite);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => a.operation.localeCompare(b.operation) || a.status - b.status || a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind),
  );
  const lines = [`Response contract: ${sorted.length} distinct violations in ${entries.reduce((n, e) => n + e.count, 0)} responses (${file})`];
  let operation;
  for (const group of sorted) {
    if (group.operation !== operation) {
      operation = group.operation;
      lines.push('', operation);
    }
    lines.push(`  ${group.status} [${group.source}] ${group.problem} ×${group.count}`);
    lines.push(`      e.g. ${group.method} ${String(group.url).slice(0, 120)} — ${[...group.suites].join(', ')}`);
  }
  const text = lines.join('\n') + '\n';
  writeFileSync(file.replace(/\.jsonl$/, '') + '-summary.txt', text);
  process.stdout.write('\n' + text);
};
