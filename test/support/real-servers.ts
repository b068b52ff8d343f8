/**
 * Real servers of this machine that suites may use (real-server-variables.json lists the variable that names
 * each, with an example value). A suite that needs one is declared with the matching
 * `describeWith…`; it is skipped when the variable is unset, its title then says which variable
 * was missing, and the skipped-servers reporter (jest.config.js) prints after the run which
 * variables turn the skipped suites on. `.ci/run` fails the build when any test was skipped, so CI
 * can never pass on a silently skipped real-server suite.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

/** The mark a skipped suite's title carries; the reporter reads the variable back from it. */
function skippedMark(variable: string): string {
  return `[skipped: ${variable} unset]`;
}

type Suite = (title: string, body: () => void) => void;

function describeWith(variable: string, value: string | undefined): Suite {
  if (value) return (title, body) => describe(title, body);
  return (title, body) => describe.skip(`${title} ${skippedMark(variable)}`, body);
}

export const describeWithPostgres = describeWith('TEST_DATABASE_URL', TEST_DATABASE_URL);
export const describeWithMysql = describeWith('TEST_MYSQL_URL', TEST_MYSQL_URL);
export const describeWithRedis = describeWith('TEST_REDIS_URL', TEST_REDIS_URL);
