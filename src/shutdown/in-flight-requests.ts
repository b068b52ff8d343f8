import { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The requests a server has not finished answering, so that a shutdown can wait for them and answer
 * those that outlive it. A response counts until it is closed (sent, or its client went away).
 */
export class InFlightRequests {
  private readonly open = new Set<ServerResponse>();
  private readonly waiters = new Set<() => void>();
  private draining = false;

  track(server: Server): void {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.open.add(response);
      if (this.draining) closeAfterwards(response);
      response.once('close', () => {
        this.open.delete(response);
        if (this.open.size === 0) for (const wake of this.waiters) wake();
      });
    });
  }

  get size(): number {
    return this.open.size;
  }

  /** From now on every response, those in flight included, closes its connection once sent (no keep-alive). */
  drain(): void {
    this.draining = true;
    for (const response of this.open) closeAfterwards(response);
  }

  /** Resolves true once no request is in flight, or false when `timeoutMs` passed first. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (settled: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(settled);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }

  /**
   * Answers every request still in flight with `status` and the JSON `body` (its connection closed
   * after it), or closes its connection when a response had already begun. Returns how many.
   */
  answerRemaining(status: number, body: unknown): number {
    const text = JSON.stringify(body);
    const remaining = [...this.open];
    for (const response of remaining) {
      if (response.headersSent) {
        response.destroy();
        continue;
      }
      response.statusCode = status;
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.setHeader('Content-Length', Buffer.byteLength(text));
      response.setHeader('Connection', 'close');
      response.end(text);
    }
    return remaining.length;
  }
}

function closeAfterwards(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('Connection', 'close');
}
