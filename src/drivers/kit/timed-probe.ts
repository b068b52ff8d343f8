import { DriverError, ProbeResult } from '../database-driver';
import { StageClock } from './stage-clock';

/**
 * The end of a probe on a session timed by a StageClock: `readVersion` runs in the current stage
 * (`query`), a failure is translated by `translate`, then the clock stops.
 */
export async function timedProbe(
  clock: StageClock,
  readVersion: () => Promise<string>,
  translate: (error: unknown) => DriverError,
): Promise<ProbeResult> {
  let serverVersion: string;
  try {
    serverVersion = await readVersion();
  } catch (error) {
    throw translate(error);
  }
  clock.finish();
  return { serverVersion, stages: clock.durations };
}
