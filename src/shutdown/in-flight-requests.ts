import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { UntilEmpty } from './until-empty';

/**
 * The requests a server has not finished answering, so that a shutdown can wait for them and answer
 * those that outlive it. A response counts until it is closed (sent, or its client went away).
 */
export class InFlightRequests {
  private readonly open = new Set<ServerResponse>();
  private readonly empty = new UntilEmpty();
  private draining = false;

  track(server: Server): void {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.open.add(response);
      if (this.draining) closeAfterwards(response);
      response.once('close', () => {
        this.open.delete(response);
        if (this.open.size === 0) this.empty.emptied();
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
    return this.empty.wait(this.open.size === 0, timeoutMs);
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
