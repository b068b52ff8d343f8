// Jest runs the e2e files on two workers (jest.config.js maxWorkers). The files that use the shared
// Redis (TEST_REDIS_URL) write keys the service names itself (rate limits of the `default`
// organization, schema snapshots): each worker gets its own Redis database number, so two files
// running at once never count or read each other's keys. A URL that already names a database is
// left as it is.
const url = process.env.TEST_REDIS_URL;
const worker = process.env.JEST_WORKER_ID;
if (url && worker) {
  const named = new URL(url);
  if (named.pathname === '' || named.pathname === '/') {
    named.pathname = `/${worker}`;
    process.env.TEST_REDIS_URL = named.toString();
  }
}
