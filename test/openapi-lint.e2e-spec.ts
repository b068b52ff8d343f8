import { describeFinding, isBlocking, lintOpenApi } from '../scripts/openapi-lint';

// Two linters in child processes, on a machine shared with other suites.
jest.setTimeout(60_000);

describe('openapi/connections-api.json lint (redocly recommended, spectral:oas; offline)', () => {
  it('has no redocly error and no spectral warning or error', async () => {
    const { findings, durations } = await lintOpenApi();
    const blocking = findings.filter(isBlocking).map(describeFinding);
    if (blocking.length > 0) {
      throw new Error(
        `${blocking.length} lint findings (redocly ${durations.redocly} ms, spectral ${durations.spectral} ms; ` +
          `\`npm run openapi:lint\` shows them too):\n${blocking.join('\n')}`,
      );
    }
  });
});
