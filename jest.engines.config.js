/**
 * `npm run test:engines`: the driver conformance suite against real SQL Server, Oracle and MongoDB
 * (docker/compose.test.yaml, or whatever TEST_MSSQL_URL / TEST_ORACLE_URL / TEST_MONGODB_URL name).
 * Not part of `npm test` (its files end in .engine-spec.ts); a server that cannot be reached
 * fails its suite.
 */
const base = require('./jest.config.js');

const e2e = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  displayName: 'engines',
  testMatch: ['<rootDir>/test/conformance/*.engine-spec.ts'],
  setupFilesAfterEnv: [],
  testTimeout: 120000,
};
