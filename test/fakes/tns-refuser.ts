/**
 * A TNS LISTENER FAKE for tests — not an Oracle listener. No Oracle can run on this machine, so
 * the real oracledb thin driver is pointed at this net server, which reads the client's CONNECT
 * packet and answers with one canned reply: a REFUSE packet carrying an ORA error number, a
 * hang-up, or (`zero-length`) a TNS header whose length field is 0 — the reply that makes
 * oracledb 6.10 thin loop until out of memory.
 */
import { AddressInfo, Server, Socket, createServer } from 'node:net';

export type TnsReply = { refuse: number } | 'close' | 'zero-length';

export interface TnsRefuser {
  port: number;
  connects: number;
  close(): Promise<void>;
}

function refusePacket(oraError: number): Buffer {
  const data = Buffer.from(
    `(DESCRIPTION=(TMP=)(VSNNUM=0)(ERR=${oraError})(ERROR_STACK=(ERROR=(CODE=${oraError})(EMFI=4))))`,
    'ascii',
  );
  const packet = Buffer.alloc(12 + data.length);
  packet.writeUInt16BE(packet.length, 0);
  packet.writeUInt8(4, 4); // REFUSE
  packet.writeUInt8(1, 8); // user reason
  packet.writeUInt8(0, 9); // system reason
  packet.writeUInt16BE(data.length, 10);
  data.copy(packet, 12);
  return packet;
}

export async function startTnsRefuser(reply: TnsReply): Promise<TnsRefuser> {
  const sockets = new Set<Socket>();
  const state = { connects: 0 };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', () => {
      state.connects += 1;
      if (reply === 'close') socket.destroy();
      else if (reply === 'zero-length')
        socket.write(Buffer.from([0, 0, 0, 0, 2, 0, 0, 0, 1, 2, 3, 4]));
      else socket.end(refusePacket(reply.refuse));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connects() {
      return state.connects;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
