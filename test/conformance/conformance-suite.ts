import { callContext } from '../../src/drivers/call-context';
import { DriverCallContext, DriverError } from '../../src/drivers/database-driver';
import { silentListener } from '../../src/drivers/testing/silent-listener.fixture';
import { freePort } from '../support/ports';
import { startQueryStallingProxy } from '../support/query-stalling-proxy';
import { startWrongProtocolListener } from '../support/wrong-protocol-listener';
import {
  CASES,
  CaseCall,
  CaseHelpers,
  CaseId,
  ConformanceCase,
  Expected,
} from './conformance-cases';
import { ConformanceEnvironment, ConformanceServer } from './conformance-server';

/** MongoDB discovery samples this many documents per collection (the fixture has fewer). */
const SAMPLE_SIZE = 100;

type Suite = (title: string, body: () => void) => void;

/** Why a case does not run in this environment, or undefined when it runs. */
function notRunReason(
  testCase: ConformanceCase,
  environment: ConformanceEnvironment,
): string | undefined {
  const expected = testCase.expected[environment.engine];
  if ('notApplicable' in expected) return `not applicable: ${expected.notApplicable}`;
  if (environment.fake && expected.fake) return `not answerable by the fake: ${expected.fake}`;
  const notOffered = environment.notOffered?.[testCase.id];
  return notOffered === undefined ? undefined : `not offered by this server: ${notOffered}`;
}

/** Runs one case's call and checks the engine's expectation. */
async function check(
  environment: ConformanceEnvironment,
  dialled: CaseCall,
  expected: Expected,
  secondSchema: string,
): Promise<void> {
  const context = dialled.context ?? callContext(dialled.deadlineMs ?? environment.deadlineMs);
  const { driver } = environment;
  const options = { sampleSize: SAMPLE_SIZE, ...dialled.options };
  const call =
    dialled.call === 'probe'
      ? driver.probe(dialled.target, context)
      : driver.discover(dialled.target, options, context);
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await dialled.after?.();
  if ('fails' in expected) {
    if ('value' in outcome) throw new Error(`expected ${expected.fails}, the call succeeded`);
    expect(outcome.error).toBeInstanceOf(DriverError);
    const error = outcome.error as DriverError;
    expect({ reason: error.reason, stage: error.stage }).toEqual({
      reason: expected.fails,
      stage: expected.stage,
    });
    return;
  }
  if ('error' in outcome) throw outcome.error;
  if ('probes' in expected) {
    const result = outcome.value as Awaited<ReturnType<typeof driver.probe>>;
    expect(result.serverVersion).toMatch(expected.probes.version);
    expect(Object.keys(result.stages).sort()).toEqual([...expected.probes.stages].sort());
    return;
  }
  if ('discovers' in expected) {
    expect(outcome.value).toEqual(expected.discovers(secondSchema));
    return;
  }
  throw new Error('a case that does not apply was run');
}

/**
 * The conformance table (conformance-cases.ts) as one Jest suite for one environment: one test
 * per case the environment answers, and one test whose title lists, with why, every case it does
 * not answer (visible in every run; `.ci/check-skips.js` forbids skipped tests).
 */
export function runConformanceSuite(
  environment: ConformanceEnvironment,
  suite: Suite = describe,
): void {
  suite(`driver conformance: ${environment.engine} against ${environment.server}`, () => {
    let server: ConformanceServer;
    const closers: (() => Promise<void>)[] = [];
    const helpers: CaseHelpers = {
      closedPort: () => freePort(),
      silentPort: async () => {
        const listener = await silentListener();
        closers.push(() => listener.close());
        return listener.port;
      },
      wrongProtocolPort: async () => {
        const listener = await startWrongProtocolListener();
        closers.push(() => listener.close());
        return listener.port;
      },
      stallingProxy: async () => {
        const target = server.reader();
        const deadline = new AbortController();
        const context: DriverCallContext = {
          signal: AbortSignal.any([deadline.signal, AbortSignal.timeout(environment.deadlineMs)]),
          deadline: Date.now() + environment.deadlineMs,
        };
        const proxy = await startQueryStallingProxy(
          { host: target.approved.address, port: target.approved.port ?? target.port },
          server.probeStatementBytes,
          () => {
            context.deadline = Date.now();
            deadline.abort(new DOMException('the deadline passed', 'TimeoutError'));
          },
        );
        closers.push(() => proxy.close());
        return { port: proxy.port, stalled: () => proxy.stalled, context };
      },
      probeSucceeds: async (target) => {
        await environment.driver.probe(target, callContext(environment.deadlineMs));
      },
    };

    beforeAll(async () => {
      server = await environment.start();
    }, 180_000);
    afterEach(async () => {
      await Promise.all(closers.splice(0).map((close) => close()));
    });
    afterAll(async () => {
      await server?.dispose();
    });

    const notRun = new Map<string, CaseId[]>();
    for (const testCase of CASES) {
      const reason = notRunReason(testCase, environment);
      if (reason !== undefined) {
        notRun.set(reason, [...(notRun.get(reason) ?? []), testCase.id]);
        continue;
      }
      it(`${testCase.id}: ${testCase.title}`, async () => {
        const dialled = await testCase.dial(server, helpers);
        await check(
          environment,
          dialled,
          testCase.expected[environment.engine],
          server.secondSchema,
        );
      });
    }

    const declared = [...notRun].map(([reason, ids]) => `${ids.join(', ')}: ${reason}`);
    const title =
      declared.length === 0
        ? 'answers every case of the table'
        : `declares the cases it does not answer — ${declared.join(' | ')}`;
    it(title, () => {
      const run = CASES.filter((testCase) => notRunReason(testCase, environment) === undefined);
      const notRunCount = [...notRun.values()].reduce((sum, ids) => sum + ids.length, 0);
      expect(run.length + notRunCount).toBe(CASES.length);
      expect(new Set<CaseId>(CASES.map((testCase) => testCase.id)).size).toBe(CASES.length);
    });
  });
}
