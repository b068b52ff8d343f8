import { Socket } from 'node:net';
import { RerouteRefused, TlsDowngradeRefused } from './sqlserver-errors';

/** TDS packet type PRELOGIN: it also carries the TLS handshake until TLS is up. */
const TDS_PRELOGIN = 0x12;

/** Where tedious asks its connector to go: the server it was given, or a routing target. */
export interface ConnectorOptions {
  host?: string;
  port?: number;
}

/**
 * The service's side of tedious' wire: tedious' `connector` (it dials nothing the service did not
 * approve) and the socket it hands over.
 *
 * - The connector dials only the approved address and port. A server that routes the client
 *   elsewhere (TDS ENVCHANGE routing, e.g. an Azure SQL gateway's redirect) would make tedious ask
 *   for another host: that is refused (`RerouteRefused`), since the host policy never approved it.
 * - With TLS asked, the socket lets nothing but PRELOGIN packets leave in clear until tedious
 *   reports TLS up (its `secure` event, {@link SqlServerDialer.tlsUp}). A server whose PRELOGIN
 *   answer declines encryption makes tedious send LOGIN7 in clear (its password only obfuscated):
 *   that write is refused before a byte of it leaves, and the socket is destroyed with
 *   `TlsDowngradeRefused`. The guard reads the bytes tedious writes, not tedious' debug text.
 */
export interface SqlServerDialer {
  connector: (
    options?: ConnectorOptions,
    lookup?: unknown,
    signal?: AbortSignal,
  ) => Promise<Socket>;
  /** tedious emitted `secure`: from now on every byte on the wire is a TLS record. */
  tlsUp(): void;
  /** Destroys every socket it opened; a later dial is refused. */
  close(): void;
}

/** Refuses a write that is not a PRELOGIN packet while TLS is not up. */
function guardPlainText(socket: Socket, isEncrypted: () => boolean): void {
  const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const guarded = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (!isEncrypted() && !(Buffer.isBuffer(chunk) && chunk[0] === TDS_PRELOGIN)) {
      socket.destroy(new TlsDowngradeRefused());
      return false;
    }
    return write(chunk, ...rest);
  };
  socket.write = guarded;
}

export function sqlServerDialer(
  address: string,
  port: number,
  requireTls: boolean,
  onConnected: () => void,
): SqlServerDialer {
  const sockets = new Set<Socket>();
  let encrypted = false;
  let closed = false;
  return {
    connector: (options = {}, _lookup, signal) => {
      if (closed) return Promise.reject(new Error('the call is over'));
      if (options.host !== address || options.port !== port)
        return Promise.reject(new RerouteRefused());
      const socket = new Socket();
      sockets.add(socket);
      // tedious listens while it uses the socket; an error after it let go must not crash the process.
      socket.on('error', () => undefined);
      return new Promise<Socket>((resolve, reject) => {
        const settle = (): void => {
          signal?.removeEventListener('abort', onAbort);
          socket.removeListener('error', onError);
        };
        const onAbort = (): void => {
          settle();
          socket.destroy();
          reject(new Error('the dial was aborted', { cause: signal?.reason }));
        };
        const onError = (error: Error): void => {
          settle();
          reject(error);
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.once('error', onError);
        socket.connect({ host: address, port }, () => {
          settle();
          // After connect: net.Socket#connect resets an instance's own `write`.
          if (requireTls) guardPlainText(socket, () => encrypted);
          onConnected();
          resolve(socket);
        });
      });
    },
    tlsUp: () => {
      encrypted = true;
    },
    close: () => {
      closed = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}
