import { PendingCloses } from '../src/shutdown/pending-closes';
import { CloseHoldingProxy, startCloseHoldingProxy } from './support/close-holding-proxy';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import { BASE, localPostgresBody } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';

/** Polls `read` until it gives `expected` (every 50 ms, at most `attempts` times); answers the last value. */
async function eventually<T>(read: () => T, expected: T, attempts = 100): Promise<T> {
  let value = read();
  for (let attempt = 0; attempt < attempts && value !== expected; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = read();
  }
  return value;
}

/**
 * A test of a PostgreSQL connection without an SSH tunnel is answered once its query has answered
 * and its `tested` event is committed; the session's polite close (Terminate, then waiting for the
 * server to hang up) finishes after the answer, bounded by the close grace, and closing the app
 * waits for it. The database here is this machine's PostgreSQL behind a proxy that hangs up only
 * when the test says so (a server slow to close, made deterministic).
 */
describeWithPostgres(
  'POST /{id}/test and the session closing after its answer (real PostgreSQL behind a proxy)',
  () => {
    const upstream = new URL(TEST_DATABASE_URL as string);
    const proxies: CloseHoldingProxy[] = [];
    const apps: TestApp[] = [];
    const proxy = async () => {
      const started = await startCloseHoldingProxy({
        host: upstream.hostname,
        port: Number(upstream.port || 5432),
      });
      proxies.push(started);
      return started;
    };
    const app = async () => {
      const started = await createTestApp();
      apps.push(started);
      return started;
    };
    const createThrough = async (t: TestApp, port: number): Promise<string> => {
      const response = await t.http
        .post(BASE)
        .set('X-Product-Name', 'reports')
        .send(
          localPostgresBody(port, {
            databaseName: upstream.pathname.slice(1) || 'postgres',
            userName: decodeURIComponent(upstream.username) || 'postgres',
          }),
        )
        .expect(201);
      return String(response.body.id);
    };

    afterAll(async () => {
      for (const started of proxies) started.release();
      for (const started of apps) await started.close().catch(() => undefined);
      for (const started of proxies) await started.close();
    });

    it('answers with the tested event committed while the session is still closing; the session ends after the answer', async () => {
      const t = await app();
      const held = await proxy();
      const id = await createThrough(t, held.port);
      const response = await t.http.post(`${BASE}/${id}/test`).expect(200);
      expect(response.body).toMatchObject({ status: 'success', message: 'Connection successful' });
      expect(Number.isInteger(response.body.latencyMs)).toBe(true);
      // Answered: the server has not hung up yet, the close is still running.
      expect(held.openSessions()).toBe(1);
      expect(t.app.get(PendingCloses).size).toBe(1);
      const history = await t.http.get(`${BASE}/${id}/history`).expect(200);
      expect(history.body.items[0]).toMatchObject({
        action: 'tested',
        outcome: { status: 'success' },
      });
      held.release();
      expect(await eventually(() => held.openSessions(), 0)).toBe(0);
      expect(await eventually(() => t.app.get(PendingCloses).size, 0)).toBe(0);
    });

    it('bounds a close the server never finishes: the service hangs up by itself after the close grace', async () => {
      const t = await app();
      const held = await proxy();
      const id = await createThrough(t, held.port);
      await t.http.post(`${BASE}/${id}/test`).expect(200);
      const closes = t.app.get(PendingCloses);
      expect(closes.size).toBe(1);
      // Never released: the close grace (1 s) ends the wait, and the service destroys its sockets.
      // (The proxy cannot see that: the service had already sent its FIN, so nothing more arrives.)
      expect(await eventually(() => closes.size, 0)).toBe(0);
    });

    it('closing the app (as the graceful shutdown does) waits for a session still closing', async () => {
      const t = await app();
      const held = await proxy();
      const id = await createThrough(t, held.port);
      await t.http.post(`${BASE}/${id}/test`).expect(200);
      const closes = t.app.get(PendingCloses);
      expect(closes.size).toBe(1);
      let closed = false;
      const closing = t.close().then(() => (closed = true));
      // Well inside the close grace (1 s): an app close that did not wait would be done by now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(closed).toBe(false);
      expect(held.openSessions()).toBe(1);
      held.release();
      await closing;
      expect(closes.size).toBe(0);
      apps.splice(apps.indexOf(t), 1);
    });
  },
);
