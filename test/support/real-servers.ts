/**
 * Real servers of this machine that suites may use. A suite that needs one is declared with the
 * matching `describeWith…`; it is skipped when the variable is unset, and `.ci/run` fails the
 * build when any test was skipped, so CI can never pass on a silently skipped real-server suite.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

export const describeWithPostgres = TEST_DATABASE_URL ? describe : describe.skip;
export const describeWithMysql = TEST_MYSQL_URL ? describe : describe.skip;
export const describeWithRedis = TEST_REDIS_URL ? describe : describe.skip;
