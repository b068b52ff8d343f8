import { Response } from 'supertest';

/** A correctness deadline ("within a couple of seconds, never a hang"), not a speed benchmark. */
export const DEADLINE_MS = 2500;

/** The answer of `send` and how long it took. */
export async function timed(send: () => PromiseLike<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  const res = await send();
  return { res, ms: performance.now() - started };
}
