/** Two projects: unit specs beside the code, e2e specs in test/ through HTTP. */
const { compilerOptions } = require('./nest-cli.json');

const swagger = compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');
// jose, and content-disposition (under @fastify/static, the Swagger UI's assets on fastify), ship ES
// modules only; Node loads them through require(), Jest does not (before Node 24.9): their files are
// compiled to CommonJS for the tests (types are not checked, the code is not changed).
const ESM_ONLY = ['jose', 'content-disposition'];
const esmOnlyFiles = {
  [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'ES2022' } },
  ],
};
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testEnvironment: 'node',
  // Every file under node_modules but those of ESM_ONLY, however deep they are nested.
  transformIgnorePatterns: [`^(?!.*/node_modules/(${ESM_ONLY.join('|')})/).*/node_modules/`],
};

// The e2e app must document itself as the `nest build` one does, so its files go through the
// swagger plugin, which needs the type checker: a whole-program compile (tsconfig.json), not
// isolated modules (ts-jest keeps one compiler per project). Types are checked by `npm run typecheck`.
const withSwaggerPlugin = {
  tsconfig: 'tsconfig.json',
  diagnostics: false,
  astTransformers: {
    before: [
      { path: '<rootDir>/test/support/swagger-plugin.transformer.js', options: swagger.options },
    ],
  },
};

// The suites that touch the HTTP edge run a second time on HTTP_ADAPTER=fastify (issue 17); the whole
// e2e project runs on express, the default. The README's "Tests" section names the same list. The
// Swagger UI's page, assets and document are compared byte for byte on both adapters by
// test/http-adapters.e2e-spec.ts instead of driving the browser twice: .ci/run must stay under 20
// minutes on 2 cores.
const FASTIFY_SUITES = [
  'errors',
  'http-server-errors',
  'body-depth',
  'prototype-keys',
  'connections-create',
  'connections-list',
  'connections-update',
  'openapi',
  'auth',
  'robustness.property',
  'response-contract',
  'metrics',
  'shutdown.process',
];

const e2e = {
  ...common,
  // Each worker its own Redis database (test/support/redis-per-worker.setup.js).
  setupFiles: ['<rootDir>/test/support/redis-per-worker.setup.js'],
  // Every response of the e2e run is checked against openapi/connections-api.json.
  setupFilesAfterEnv: ['<rootDir>/test/support/response-contract/jest-setup.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', withSwaggerPlugin], ...esmOnlyFiles },
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }], ...esmOnlyFiles },
    },
    { ...e2e, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    {
      ...e2e,
      displayName: 'e2e fastify',
      testMatch: FASTIFY_SUITES.map((name) => `<rootDir>/test/${name}.e2e-spec.ts`),
      // TEST_HTTP_ADAPTER=fastify for createTestApp and the service run as a process (test/support/http-adapter.ts).
      setupFiles: [
        '<rootDir>/test/support/redis-per-worker.setup.js',
        '<rootDir>/test/support/fastify-adapter.setup.js',
      ],
    },
  ],
  // RESPONSE_CONTRACT=report: the run fails on no contract violation and ends by listing them all.
  globalSetup: '<rootDir>/test/support/response-contract/report-start.js',
  globalTeardown: '<rootDir>/test/support/response-contract/report-summary.js',
  // Jest 30 reads the timeout here, not per project; e2e suites boot apps and real servers.
  testTimeout: 60000,
  // Two workers on a 2-core machine: an e2e file mostly waits (on servers, sockets, deadlines), so
  // two at once keep `npm test` (and .ci/run) well under 20 minutes. Nothing two files share can
  // collide: stores, clusters, ports and OS users are made per file with random names, and Redis is
  // one database per worker.
  maxWorkers: 2,
  // After Jest's own output: which variables turn on the real-server suites that were skipped.
  reporters: ['default', '<rootDir>/test/support/skipped-servers.reporter.js'],
};
