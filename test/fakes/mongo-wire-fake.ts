/**
 * A MongoDB WIRE-PROTOCOL FAKE for tests — not a MongoDB server. No MongoDB can run on this
 * machine, so the real `mongodb` npm driver is tested against this small net server that speaks
 * just enough of the protocol: OP_QUERY (legacy isMaster handshake) and OP_MSG, SCRAM-SHA-256
 * (server side, with a real server signature the driver verifies), hello/isMaster, ping,
 * buildInfo, listCollections (with a `name: { $regex }` filter), aggregate with `$sample`, endSessions and killCursors.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { BSON, Binary, Document, Long } from 'mongodb';

export interface MongoWireFakeOptions {
  /** user name → password (SCRAM-SHA-256, auth database `admin`). */
  users: Record<string, string>;
  /** database → collection → documents ($sample returns the first `size`). */
  databases: Record<string, Record<string, Document[]>>;
  /** database → names of collections that are views. */
  views?: Record<string, string[]>;
  /** user names that may authenticate but may not list collections (code 13). */
  unprivilegedUsers?: string[];
  /**
   * Answer hello as a member of this replica set, announcing `members` (`host:port`) beside
   * itself; with `primary`, it is a secondary and names that member the primary.
   */
  replicaSet?: { name: string; members: string[]; primary?: string };
  /**
   * user → the collections it may read. `listCollections` with `authorizedCollections` lists only
   * those (as mongod does for a user without the listCollections action); `aggregate` on another
   * collection is refused (code 13). Users not named here may read everything.
   */
  readable?: Record<string, string[]>;
}

export interface MongoWireFake {
  port: number;
  /** Command names received, in order (for assertions on what the driver did). */
  commands: string[];
  close(): Promise<void>;
}

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const ITERATIONS = 4096;
const TLS_HANDSHAKE = 0x16;

interface Conversation {
  user: string;
  clientFirstBare: string;
  serverFirst: string;
  salt: Buffer;
  nonce: string;
}

interface SocketState {
  buffer: Buffer;
  user?: string;
  conversation?: Conversation;
}

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();

function scramAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) attributes.set(part.slice(0, equals), part.slice(equals + 1));
  }
  return attributes;
}

const authFailed = {
  ok: 0,
  errmsg: 'Authentication failed.',
  code: 18,
  codeName: 'AuthenticationFailed',
};
const unauthorized = { ok: 0, errmsg: 'not authorized', code: 13, codeName: 'Unauthorized' };

export async function startMongoWireFake(options: MongoWireFakeOptions): Promise<MongoWireFake> {
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  let connectionId = 0;
  let self = '';

  function replicaSetHello(): Document {
    const set = options.replicaSet;
    if (!set) return {};
    const primary = set.primary ?? self;
    return {
      setName: set.name,
      setVersion: 1,
      hosts: [self, ...set.members],
      me: self,
      primary,
      ismaster: primary === self,
      isWritablePrimary: primary === self,
      secondary: primary !== self,
    };
  }

  function hello(command: Document): Document {
    return {
      ismaster: true,
      isWritablePrimary: true,
      helloOk: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: ++connectionId,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
      ...(command.saslSupportedMechs ? { saslSupportedMechs: ['SCRAM-SHA-256'] } : {}),
      ...replicaSetHello(),
      ok: 1,
    };
  }

  function saslStart(state: SocketState, command: Document): Document {
    if (command.mechanism !== 'SCRAM-SHA-256') return authFailed;
    const clientFirst = Buffer.from((command.payload as Binary).buffer).toString('utf8');
    const clientFirstBare = clientFirst.replace(/^n,[^,]*,/, '');
    const attributes = scramAttributes(clientFirstBare);
    const user = (attributes.get('n') ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
    const nonce = `${attributes.get('r') ?? ''}${randomBytes(18).toString('base64')}`;
    const salt = randomBytes(16);
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${ITERATIONS}`;
    state.conversation = { user, clientFirstBare, serverFirst, salt, nonce };
    return { conversationId: 1, done: false, payload: new Binary(Buffer.from(serverFirst)), ok: 1 };
  }

  function saslContinue(state: SocketState, command: Document): Document {
    const conversation = state.conversation;
    state.conversation = undefined;
    if (!conversation) return authFailed;
    const clientFinal = Buffer.from((command.payload as Binary).buffer).toString('utf8');
    const proofAt = clientFinal.lastIndexOf(',p=');
    const withoutProof = clientFinal.slice(0, proofAt);
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    const password = options.users[conversation.user];
    if (password === undefined || scramAttributes(withoutProof).get('r') !== conversation.nonce)
      return authFailed;
    const salted = pbkdf2Sync(password, conversation.salt, ITERATIONS, 32, 'sha256');
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const authMessage = `${conversation.clientFirstBare},${conversation.serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    const expected = Buffer.from(clientKey.map((byte, index) => byte ^ signature[index]));
    if (proof.length !== expected.length || !timingSafeEqual(proof, expected)) return authFailed;
    state.user = conversation.user;
    const serverSignature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
    return {
      conversationId: 1,
      done: true,
      payload: new Binary(Buffer.from(`v=${serverSignature}`)),
      ok: 1,
    };
  }

  function run(state: SocketState, command: Document): Document {
    const name = Object.keys(command)[0] ?? '';
    commands.push(name);
    const db = typeof command.$db === 'string' ? command.$db : 'admin';
    switch (name.toLowerCase()) {
      case 'ismaster':
      case 'hello':
        return hello(command);
      case 'ping':
      case 'endsessions':
      case 'killcursors':
        return { ok: 1 };
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0], ok: 1 };
      case 'saslstart':
        return saslStart(state, command);
      case 'saslcontinue':
        return saslContinue(state, command);
      case 'listcollections': {
        if (!state.user) return unauthorized;
        if (options.unprivilegedUsers?.includes(state.user)) return unauthorized;
        const views = options.views?.[db] ?? [];
        const readable = options.readable?.[state.user];
        // A `{ name: { $regex } }` filter is applied as mongod would (the driver's tables= filter).
        const nameRegex = (command.filter as { name?: { $regex?: unknown } } | undefined)?.name
          ?.$regex;
        const names = Object.keys(options.databases[db] ?? {}).filter(
          (collection) =>
            (!command.authorizedCollections || !readable || readable.includes(collection)) &&
            (typeof nameRegex !== 'string' || new RegExp(nameRegex).test(collection)),
        );
        const firstBatch = names.map((collection) => ({
          name: collection,
          type: views.includes(collection) ? 'view' : 'collection',
        }));
        return { cursor: { id: Long.ZERO, ns: `${db}.$cmd.listCollections`, firstBatch }, ok: 1 };
      }
      case 'aggregate': {
        if (!state.user) return unauthorized;
        const collection = String(command.aggregate);
        const readable = options.readable?.[state.user];
        if (readable && !readable.includes(collection)) return unauthorized;
        const pipeline = (command.pipeline ?? []) as Document[];
        const size = Number((pipeline[0]?.$sample as Document | undefined)?.size ?? 0);
        const firstBatch = (options.databases[db]?.[collection] ?? []).slice(0, size);
        return { cursor: { id: Long.ZERO, ns: `${db}.${collection}`, firstBatch }, ok: 1 };
      }
      default:
        return {
          ok: 0,
          errmsg: `no such command: '${name}'`,
          code: 59,
          codeName: 'CommandNotFound',
        };
    }
  }

  function frame(requestId: number, opCode: number, body: Buffer): Buffer {
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE((requestId + 1_000_000) & 0x7fffffff, 4); // the driver's ids reach 2^31 - 1
    header.writeInt32LE(requestId, 8);
    header.writeInt32LE(opCode, 12);
    return Buffer.concat([header, body]);
  }

  function answer(state: SocketState, message: Buffer): Buffer | null {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    if (opCode === OP_MSG) {
      if (message.readUInt8(20) !== 0) return null;
      const length = message.readInt32LE(21);
      const reply = BSON.serialize(run(state, BSON.deserialize(message.subarray(21, 21 + length))));
      return frame(requestId, OP_MSG, Buffer.concat([Buffer.alloc(5), reply]));
    }
    if (opCode === OP_QUERY) {
      const nameEnd = message.indexOf(0, 20);
      const queryAt = nameEnd + 1 + 8;
      const length = message.readInt32LE(queryAt);
      const query = BSON.deserialize(message.subarray(queryAt, queryAt + length));
      const command = (query.$query as Document | undefined) ?? query;
      const reply = BSON.serialize(run(state, command));
      const prefix = Buffer.alloc(20);
      prefix.writeInt32LE(8, 0); // AwaitCapable
      prefix.writeInt32LE(1, 16); // numberReturned
      return frame(requestId, OP_REPLY, Buffer.concat([prefix, reply]));
    }
    return null;
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const state: SocketState = { buffer: Buffer.alloc(0) };
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      // A TLS ClientHello on this plain port: hang up, as mongod does ("SSL handshake received
      // but server is started without SSL support").
      if (state.buffer.length === 0 && chunk[0] === TLS_HANDSHAKE) return void socket.destroy();
      state.buffer = Buffer.concat([state.buffer, chunk]);
      while (state.buffer.length >= 16) {
        const length = state.buffer.readInt32LE(0);
        if (length < 16 || length > 48_000_000) return void socket.destroy();
        if (state.buffer.length < length) return;
        const message = state.buffer.subarray(0, length);
        state.buffer = state.buffer.subarray(length);
        const reply = answer(state, message);
        if (!reply) return void socket.destroy();
        socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
