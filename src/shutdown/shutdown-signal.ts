import { Injectable } from '@nestjs/common';

/**
 * Aborts when a shutdown stops waiting for the work in flight (SHUTDOWN_TIMEOUT_MS passed): every
 * dial listens to it, so drivers stop and close their connections before the process exits.
 */
@Injectable()
export class ShutdownSignal {
  private readonly controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(): void {
    this.controller.abort(new Error('the service is shutting down'));
  }
}
