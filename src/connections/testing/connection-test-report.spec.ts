import { buildChecks, buildReport } from './connection-test-report';

const row = (checks: ReturnType<typeof buildChecks>) =>
  checks.map((check) => `${check.stage}:${check.status}:${check.durationMs}`);

describe('the test report with and without an SSH tunnel', () => {
  const probe = { stages: { connect: 3, authenticate: 4, query: 5 } };

  it('lists no tunnel check for a connection without one (the report is as it always was)', () => {
    expect(
      row(buildChecks({ resolveMs: 2, driverMs: 12, probe }, { tls: false, tunnelled: false })),
    ).toEqual(['resolve:ok:2', 'connect:ok:3', 'tls:skipped:0', 'authenticate:ok:4', 'query:ok:5']);
  });

  it('puts the tunnel first, with its duration; resolve is skipped (the bastion resolves the database)', () => {
    expect(
      row(
        buildChecks(
          { resolveMs: 0, tunnelMs: 40, driverMs: 12, probe },
          { tls: false, tunnelled: true },
        ),
      ),
    ).toEqual([
      'tunnel:ok:40',
      'resolve:skipped:0',
      'connect:ok:3',
      'tls:skipped:0',
      'authenticate:ok:4',
      'query:ok:5',
    ]);
  });

  it('a failed tunnel: its time on the tunnel check, everything after skipped, the reason and a fixed message', () => {
    const report = buildReport(
      {
        resolveMs: 0,
        tunnelMs: 25,
        driverMs: 0,
        failure: { reason: 'HOST_KEY_MISMATCH', stage: 'tunnel' },
      },
      { tls: true, tunnelled: true },
      26,
    );
    expect(row(report.checks)).toEqual([
      'tunnel:failed:25',
      'resolve:skipped:0',
      'connect:skipped:0',
      'tls:skipped:0',
      'authenticate:skipped:0',
      'query:skipped:0',
    ]);
    expect(report).toMatchObject({
      status: 'failure',
      message: "The SSH bastion's host key does not match the pinned fingerprint.",
      error: { reason: 'HOST_KEY_MISMATCH', stage: 'tunnel' },
    });
  });

  it('a database the bastion cannot reach: tunnel ok, connect failed', () => {
    const checks = buildChecks(
      {
        resolveMs: 0,
        tunnelMs: 30,
        driverMs: 7,
        failure: { reason: 'CONNECTION_REFUSED', stage: 'connect' },
      },
      { tls: false, tunnelled: true },
    );
    expect(row(checks).slice(0, 3)).toEqual([
      'tunnel:ok:30',
      'resolve:skipped:0',
      'connect:failed:7',
    ]);
  });
});
