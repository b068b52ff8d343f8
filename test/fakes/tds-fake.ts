/**
 * A TDS 7.4 WIRE-PROTOCOL FAKE for tests — not a SQL Server. No SQL Server can run on this
 * machine, so the real tedious driver is tested against this small net server: PRELOGIN (answers
 * encryption NOT_SUP), LOGIN7 (checks user name and the obfuscated password, answers LOGINACK +
 * ENVCHANGE(database) + DONE, or ERROR 18456 / 4060), and SQL batches: `SELECT @@VERSION` and any
 * query containing `sys.objects` (answered with the fixture catalog rows, or ERROR 229 for a user
 * listed in `catalogDenied`); anything else gets DONE. A parameterized catalog query (an RPC of
 * sp_executesql, the driver's `tables=` filter) is answered with the fixture rows whose name as
 * shown (unqualified in `@d`, else `schema.table`) is LIKE one of its `@t0`… patterns (ESCAPE '!',
 * compared case-insensitively as SQL Server's default collation does).
 */
import { AddressInfo, Server, Socket, createServer } from 'node:net';

/** A cell of a result row: string → NVARCHAR, number → INT, null → NULL. */
export type TdsCell = string | number | null;

export interface TdsFakeOptions {
  users: Record<string, string>;
  databases: string[];
  /** Rows answered to the catalog query (columns typed from the first non-null value per column). */
  catalogRows: TdsCell[][];
  /** Column types of catalog rows: 's' NVARCHAR, 'i' INT. */
  catalogTypes: ('s' | 'i')[];
  /** Users whose catalog query is refused with error 229 (SELECT permission denied on sys.objects). */
  catalogDenied?: string[];
}

/** One RPC (sp_executesql) received: its statement and its NVARCHAR parameters. */
export interface TdsRpc {
  statement: string;
  values: Record<string, string | null>;
}

export interface TdsFake {
  port: number;
  rpcs: TdsRpc[];
  /** What each LOGIN7 asked for (user name, database, read-only intent) — never the password. */
  logins: { userName: string; database: string; readOnlyIntent: boolean }[];
  batches: string[];
  close(): Promise<void>;
}

const PRELOGIN = 0x12;
const LOGIN7 = 0x10;
const SQL_BATCH = 0x01;
const RPC = 0x03;
const TABULAR_RESULT = 0x04;

const ucs2 = (text: string): Buffer => Buffer.from(text, 'utf16le');
const bVarchar = (text: string): Buffer => Buffer.concat([Buffer.from([text.length]), ucs2(text)]);
const usVarchar = (text: string): Buffer => {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([length, ucs2(text)]);
};

function token(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(3);
  header.writeUInt8(type, 0);
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

function done(status: number, rowCount = 0): Buffer {
  const buffer = Buffer.alloc(13);
  buffer.writeUInt8(0xfd, 0);
  buffer.writeUInt16LE(status, 1);
  buffer.writeUInt16LE(0xc1, 3);
  buffer.writeBigUInt64LE(BigInt(rowCount), 5);
  return buffer;
}

function errorToken(number: number, message: string): Buffer {
  const head = Buffer.alloc(6);
  head.writeInt32LE(number, 0);
  head.writeUInt8(1, 4); // state
  head.writeUInt8(14, 5); // class
  const line = Buffer.alloc(4);
  return token(
    0xaa,
    Buffer.concat([head, usVarchar(message), bVarchar('tdsfake'), bVarchar(''), line]),
  );
}

function loginAck(): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(0x74000004);
  return token(
    0xad,
    Buffer.concat([
      Buffer.from([1]),
      version,
      bVarchar('Microsoft SQL Server'),
      Buffer.from([16, 0, 0x10, 0x00]),
    ]),
  );
}

function databaseChange(database: string): Buffer {
  return token(0xe3, Buffer.concat([Buffer.from([1]), bVarchar(database), bVarchar('master')]));
}

const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

function columnMetadata(names: string[], types: ('s' | 'i')[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x81]), Buffer.alloc(2)];
  parts[1].writeUInt16LE(names.length);
  names.forEach((name, index) => {
    const common = Buffer.alloc(6);
    common.writeUInt16LE(0x0001, 4); // flags: nullable
    const typeInfo =
      types[index] === 's'
        ? Buffer.concat([Buffer.from([0xe7, 0x40, 0x1f]), COLLATION])
        : Buffer.from([0x26, 4]);
    parts.push(common, typeInfo, bVarchar(name));
  });
  return Buffer.concat(parts);
}

function row(cells: TdsCell[], types: ('s' | 'i')[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0xd1])];
  cells.forEach((cell, index) => {
    if (types[index] === 's') {
      const length = Buffer.alloc(2);
      if (cell === null) parts.push(Buffer.from([0xff, 0xff]));
      else {
        const bytes = ucs2(String(cell));
        length.writeUInt16LE(bytes.length);
        parts.push(length, bytes);
      }
    } else if (cell === null) parts.push(Buffer.from([0]));
    else {
      const value = Buffer.alloc(5);
      value.writeUInt8(4, 0);
      value.writeInt32LE(Number(cell), 1);
      parts.push(value);
    }
  });
  return Buffer.concat(parts);
}

function preloginResponse(): Buffer {
  // VERSION, ENCRYPTION (NOT_SUP), INSTOPT, THREADID, MARS, terminator
  const options = [
    [0x00, Buffer.from([16, 0, 0x10, 0x00, 0, 0])],
    [0x01, Buffer.from([0x02])],
    [0x02, Buffer.from([0x00])],
    [0x03, Buffer.alloc(4)],
    [0x04, Buffer.from([0x00])],
  ] as const;
  const tableLength = options.length * 5 + 1;
  const table = Buffer.alloc(tableLength);
  let offset = tableLength;
  options.forEach(([type, data], index) => {
    table.writeUInt8(type, index * 5);
    table.writeUInt16BE(offset, index * 5 + 1);
    table.writeUInt16BE(data.length, index * 5 + 3);
    offset += data.length;
  });
  table.writeUInt8(0xff, tableLength - 1);
  return Buffer.concat([table, ...options.map(([, data]) => data)]);
}

function loginField(payload: Buffer, at: number): Buffer {
  const offset = payload.readUInt16LE(at);
  const length = payload.readUInt16LE(at + 2);
  return payload.subarray(offset, offset + length * 2);
}

/** LOGIN7 passwords are obfuscated: each byte had its nibbles swapped, then XOR 0xA5. */
function deobfuscate(bytes: Buffer): string {
  const clear = Buffer.from(
    bytes.map((byte) => {
      const unmasked = byte ^ 0xa5;
      return ((unmasked & 0x0f) << 4) | (unmasked >> 4);
    }),
  );
  return clear.toString('utf16le');
}

/** An RPC request's NVARCHAR parameters (the only type the driver sends), by name without `@`. */
function rpcParameters(payload: Buffer): Record<string, string | null> {
  let at = payload.readUInt32LE(0); // ALL_HEADERS
  at += payload.readUInt16LE(at) === 0xffff ? 4 : 2 + payload.readUInt16LE(at) * 2; // proc id or name
  at += 2; // option flags
  const values: Record<string, string | null> = {};
  while (at < payload.length) {
    const nameLength = payload.readUInt8(at);
    const name = payload.subarray(at + 1, at + 1 + nameLength * 2).toString('utf16le');
    at += 1 + nameLength * 2 + 1; // name, status flags
    const type = payload.readUInt8(at);
    if (type !== 0xe7) throw new Error(`tds fake: parameter type 0x${type.toString(16)}`);
    const maxLength = payload.readUInt16LE(at + 1);
    at += 1 + 2 + 5; // type, max length, collation
    if (maxLength === 0xffff) {
      const total = payload.readBigUInt64LE(at);
      at += 8;
      const chunks: Buffer[] = [];
      for (let chunk = payload.readUInt32LE(at); chunk > 0; chunk = payload.readUInt32LE(at)) {
        chunks.push(payload.subarray(at + 4, at + 4 + chunk));
        at += 4 + chunk;
      }
      at += 4;
      values[name.replace(/^@/, '')] =
        total === 0xffffffffffffffffn ? null : Buffer.concat(chunks).toString('utf16le');
    } else {
      const length = payload.readUInt16LE(at);
      at += 2;
      values[name.replace(/^@/, '')] =
        length === 0xffff ? null : payload.subarray(at, (at += length)).toString('utf16le');
    }
  }
  return values;
}

/** SQL Server's LIKE with ESCAPE '!' under a case-insensitive collation, as a RegExp. */
function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '!') source += pattern[++index].replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
    else if (character === '%') source += '[\\s\\S]*';
    else if (character === '_') source += '[\\s\\S]';
    else source += character.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function packet(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt8(0x01, 1); // end of message
  header.writeUInt16BE(payload.length + 8, 2);
  header.writeUInt8(1, 6);
  return Buffer.concat([header, payload]);
}

export async function startTdsFake(options: TdsFakeOptions): Promise<TdsFake> {
  const logins: TdsFake['logins'] = [];
  const batches: string[] = [];
  const rpcs: TdsRpc[] = [];
  const sockets = new Set<Socket>();

  function respond(type: number, payload: Buffer, session: { user?: string }): Buffer {
    if (type === PRELOGIN) return preloginResponse();
    if (type === LOGIN7) {
      const userName = loginField(payload, 40).toString('utf16le');
      const password = deobfuscate(loginField(payload, 44));
      const database = loginField(payload, 68).toString('utf16le');
      logins.push({ userName, database, readOnlyIntent: (payload.readUInt8(26) & 0x20) !== 0 });
      if (options.users[userName] === undefined || options.users[userName] !== password) {
        return Buffer.concat([
          errorToken(18456, `Login failed for user '${userName}'.`),
          done(0x0002),
        ]);
      }
      if (!options.databases.includes(database)) {
        return Buffer.concat([
          errorToken(
            4060,
            `Cannot open database "${database}" requested by the login. The login failed.`,
          ),
          errorToken(18456, `Login failed for user '${userName}'.`),
          done(0x0002),
        ]);
      }
      session.user = userName;
      return Buffer.concat([loginAck(), databaseChange(database), done(0)]);
    }
    if (type === SQL_BATCH) {
      const headersLength = payload.readUInt32LE(0);
      const sql = payload.subarray(headersLength).toString('utf16le');
      batches.push(sql);
      if (/@@VERSION/i.test(sql)) {
        const version =
          'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n\tOct  8 2022 05:58:25';
        return Buffer.concat([columnMetadata([''], ['s']), row([version], ['s']), done(0x10, 1)]);
      }
      if (/sys\.objects/i.test(sql) && options.catalogDenied?.includes(session.user ?? '')) {
        return Buffer.concat([
          errorToken(229, `The SELECT permission was denied on the object 'objects'.`),
          done(0x0002),
        ]);
      }
      if (/sys\.objects/i.test(sql)) {
        const names = options.catalogTypes.map((_, index) => `c${index}`);
        const rows = options.catalogRows.map((cells) => row(cells, options.catalogTypes));
        return Buffer.concat([
          columnMetadata(names, options.catalogTypes),
          ...rows,
          done(0x10, rows.length),
        ]);
      }
      return done(0);
    }
    if (type === RPC) {
      const { statement, params, ...values } = rpcParameters(payload);
      void params; // the declarations of the bound parameters
      rpcs.push({ statement: statement ?? '', values });
      const likes = Object.entries(values)
        .filter(([name, value]) => /^t\d+$/.test(name) && value !== null)
        .map(([, value]) => likeRegExp(value!));
      const shown = (cells: TdsCell[]) =>
        cells[0] === values.d ? String(cells[1]) : `${String(cells[0])}.${String(cells[1])}`;
      const rows = options.catalogRows
        .filter((cells) => likes.some((like) => like.test(shown(cells))))
        .map((cells) => row(cells, options.catalogTypes));
      const returnStatus = Buffer.alloc(5);
      returnStatus.writeUInt8(0x79, 0);
      const doneInProc = done(0x10, rows.length);
      doneInProc.writeUInt8(0xff, 0);
      const doneProc = done(0);
      doneProc.writeUInt8(0xfe, 0);
      return Buffer.concat([
        columnMetadata(
          options.catalogTypes.map((_, index) => `c${index}`),
          options.catalogTypes,
        ),
        ...rows,
        doneInProc,
        returnStatus,
        doneProc,
      ]);
    }
    return done(0);
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let message: Buffer[] = [];
    const session: { user?: string } = {};
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8) {
        const length = buffer.readUInt16BE(2);
        if (length < 8) return void socket.destroy();
        if (buffer.length < length) return;
        const type = buffer.readUInt8(0);
        const endOfMessage = (buffer.readUInt8(1) & 0x01) !== 0;
        message.push(buffer.subarray(8, length));
        buffer = buffer.subarray(length);
        if (!endOfMessage) continue;
        const payload = Buffer.concat(message);
        message = [];
        if (type === 0x06) continue; // attention: nothing in flight to cancel
        socket.write(packet(TABULAR_RESULT, respond(type, payload, session)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    logins,
    batches,
    rpcs,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
