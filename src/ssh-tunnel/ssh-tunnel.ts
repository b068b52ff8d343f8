import { once } from 'node:events';
import { AddressInfo, Server, Socket, connect as connectTcp, createServer } from 'node:net';
import { Client, ClientChannel, ConnectConfig, utils } from 'ssh2';
import { DriverCallContext } from '../drivers/database-driver';
import { CLOSE_GRACE_MS, closeWithin } from '../drivers/kit/close-within';
import { remainingMs } from '../drivers/kit/deadline';
import { DriverError } from '../engines/dial-failure';
import { SshTunnelCredentials } from '../engines/engine';
import { ApprovedAddress } from '../host-policy/host-policy';
import { matchesPinnedHostKey } from './host-key-fingerprint';
import { forwardFailure, tunnelOpenFailure } from './ssh-tunnel-errors';

/** Where the forward's loopback end listens (IPv4 loopback only, never a wildcard address). */
const LOOPBACK = '127.0.0.1';

export interface SshTunnelRequest {
  /** The bastion's address as the host policy approved it (that address is dialled). */
  bastion: ApprovedAddress;
  settings: SshTunnelCredentials;
  /** The database as the bastion should reach it: its own name (resolved by the bastion) and port. */
  destination: { host: string; port: number };
  context: DriverCallContext;
}

/** An open tunnel: one SSH session and a loopback listener whose connections are forwarded. */
export interface SshTunnel {
  /** The forward's loopback end: what a driver dials. */
  readonly local: { address: string; family: 4; port: number };
  /**
   * The first forward the bastion would not open, as the failure the dial reports (spec §5.1),
   * or undefined. A driver only sees its socket closed; this says why.
   */
  readonly forwardFailure: DriverError | undefined;
  /** Closes the listener, every forwarded connection and channel, and the SSH session (idempotent). */
  close(): Promise<void>;
}

/**
 * Opens one SSH session to the bastion for one call (spec §5.1), within the call's deadline:
 * the host key is checked against the pinned fingerprint in ssh2's `hostVerifier`, during the key
 * exchange, so a bastion that is not the pinned one never sees a password or a key signature;
 * then key or password authentication, then a loopback listener (127.0.0.1, ephemeral port) whose
 * every connection is piped into its own `forwardOut` channel to `destination`. Everything is
 * closed by `close()`, and by the call's signal when it aborts first. Throws DriverError at stage
 * `tunnel` (HOST_KEY_MISMATCH, AUTH_FAILED, CONNECTION_REFUSED, TIMEOUT, UNKNOWN) with nothing
 * left open.
 */
export async function openSshTunnel(request: SshTunnelRequest): Promise<SshTunnel> {
  const { context } = request;
  const authentication = authenticationOf(request.settings);
  if (context.signal.aborted)
    throw new DriverError('TIMEOUT', 'tunnel', { cause: context.signal.reason });
  const session = await startSession(request, authentication);
  try {
    return await forwardThrough(session, request);
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** A connected, authenticated SSH session and the socket it runs on (ours, so it can always be destroyed). */
interface Session {
  client: Client;
  socket: Socket;
  close(): Promise<void>;
}

type Authentication = Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'password'>;

/**
 * The secrets ssh2 is given. A private key is read here first (no network yet): one that cannot be
 * read, or decrypted with the passphrase, is the user's credentials failing → AUTH_FAILED.
 */
function authenticationOf(settings: SshTunnelCredentials): Authentication {
  const authentication: Authentication = {};
  if (settings.privateKey) {
    const parsed = utils.parseKey(settings.privateKey, settings.passphrase || undefined);
    if (parsed instanceof Error) throw new DriverError('AUTH_FAILED', 'tunnel', { cause: parsed });
    authentication.privateKey = settings.privateKey;
    if (settings.passphrase) authentication.passphrase = settings.passphrase;
  }
  if (settings.password) authentication.password = settings.password;
  if (authentication.privateKey === undefined && authentication.password === undefined) {
    throw new DriverError('AUTH_FAILED', 'tunnel');
  }
  return authentication;
}

/** Waits (at most the close grace) for the socket to be gone, then makes sure it is. */
async function closeSocket(socket: Socket, politely: () => void): Promise<void> {
  if (socket.closed) return;
  const closed = once(socket, 'close');
  politely();
  await closeWithin(closed, CLOSE_GRACE_MS);
  socket.destroy();
}

function startSession(request: SshTunnelRequest, authentication: Authentication): Promise<Session> {
  const { bastion, settings, context } = request;
  const socket = connectTcp({ host: bastion.address, port: settings.port, family: bastion.family });
  socket.setNoDelay(true);
  const client = new Client();
  // ssh2 may still report a late socket error once the session is over: never an unhandled 'error'.
  client.on('error', () => undefined);
  socket.on('error', () => undefined);
  let hostKeyMismatch = false;
  const session: Session = {
    client,
    socket,
    close: () => closeSocket(socket, () => client.end()),
  };

  return new Promise<Session>((resolve, reject) => {
    const settle = (): void => {
      context.signal.removeEventListener('abort', onAbort);
      client.removeListener('ready', onReady);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
    };
    const fail = (failure: DriverError): void => {
      settle();
      const verdict = hostKeyMismatch
        ? new DriverError('HOST_KEY_MISMATCH', 'tunnel', { cause: failure })
        : failure;
      void closeSocket(socket, () => socket.destroy()).then(() => reject(verdict));
    };
    const onAbort = (): void =>
      fail(new DriverError('TIMEOUT', 'tunnel', { cause: context.signal.reason }));
    const onReady = (): void => {
      settle();
      resolve(session);
    };
    const onError = (error: unknown): void => fail(tunnelOpenFailure(error));
    // Closed before the session was ready, without an error: the bastion hung up on us.
    const onClose = (): void => fail(new DriverError('CONNECTION_REFUSED', 'tunnel'));

    context.signal.addEventListener('abort', onAbort, { once: true });
    client.on('ready', onReady).on('error', onError).on('close', onClose);
    try {
      client.connect({
        sock: socket,
        username: settings.userName,
        ...authentication,
        // Runs during the key exchange, before the user-auth service is even asked for.
        hostVerifier: (key: Buffer): boolean => {
          const matches = matchesPinnedHostKey(key, settings.hostKeyFingerprint);
          hostKeyMismatch = !matches;
          return matches;
        },
        readyTimeout: remainingMs(context),
        keepaliveInterval: 0,
        tryKeyboard: false,
      });
    } catch (error) {
      fail(tunnelOpenFailure(error));
    }
  });
}

/** The loopback listener of an open session: each connection gets its own channel to the destination. */
async function forwardThrough(session: Session, request: SshTunnelRequest): Promise<SshTunnel> {
  const { client } = session;
  const { destination, context } = request;
  const sockets = new Set<Socket>();
  const channels = new Set<ClientChannel>();
  let failure: DriverError | undefined;
  let closing: Promise<void> | undefined;

  const forward = (local: Socket): void => {
    sockets.add(local);
    local.once('close', () => sockets.delete(local));
    local.on('error', () => local.destroy());
    // Bytes the driver sends before the channel is open wait in the socket's buffer.
    local.pause();
    local.setNoDelay(true);
    try {
      client.forwardOut(
        LOOPBACK,
        local.remotePort ?? 0,
        destination.host,
        destination.port,
        (error, channel) => {
          if (error) {
            if (closing === undefined) failure ??= forwardFailure(error);
            local.destroy();
            return;
          }
          if (closing !== undefined || local.destroyed) {
            channel.destroy();
            return;
          }
          channels.add(channel);
          channel.once('close', () => {
            channels.delete(channel);
            local.destroy();
          });
          channel.on('error', () => local.destroy());
          local.once('close', () => channel.destroy());
          local.pipe(channel).pipe(local);
        },
      );
    } catch (error) {
      // ssh2 throws when the session is already gone.
      if (closing === undefined) failure ??= forwardFailure(error);
      local.destroy();
    }
  };

  const server: Server = createServer(forward);
  server.on('error', () => undefined);
  const close = (): Promise<void> => {
    closing ??= (async () => {
      context.signal.removeEventListener('abort', onAbort);
      // Its callback runs once every forwarded connection is gone too.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const local of sockets) local.destroy();
      for (const channel of channels) channel.destroy();
      await session.close();
      await closeWithin(serverClosed, CLOSE_GRACE_MS);
    })();
    return closing;
  };
  // At the deadline nothing of the tunnel may outlive the call, even while a driver still hangs.
  const onAbort = (): void => void close();
  context.signal.addEventListener('abort', onAbort, { once: true });

  server.listen(0, LOOPBACK);
  try {
    await once(server, 'listening');
  } catch (error) {
    await close();
    throw new DriverError('UNKNOWN', 'tunnel', { cause: error });
  }
  const { port } = server.address() as AddressInfo;
  return {
    local: { address: LOOPBACK, family: 4, port },
    get forwardFailure() {
      return failure;
    },
    close,
  };
}
