// The "e2e fastify" project of jest.config.js: every app and service process of the file runs on fastify.
process.env.TEST_HTTP_ADAPTER = 'fastify';
