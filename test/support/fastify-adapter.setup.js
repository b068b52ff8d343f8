// The "e2e fastify" project of jest.config.js: every app and service process of the file runs on fastify.
process.env.TEST_HTTP_ADAPTER = 'fastify';
// The robustness properties run 50 cases each here unless FC_RUNS says otherwise (an eighth of a full run):
// the full runs cross the same kinds of bad request on express, where the code behind the edge is the
// same; on fastify the edge itself (parsing, limits, status lines) is what is proven.
process.env.FC_RUNS ??= '50';
