import { AddressInfo, Server, Socket, connect as netConnect, createServer } from 'node:net';
import { PeerCertificate, checkServerIdentity, connect as tlsConnect } from 'node:tls';
import { guardDials, isApprovedDial, serverIdentityCheck } from './oracle-job.worker';

/** A server certificate naming only `name` (what Node's check reads of it). */
const certificateFor = (name: string) =>
  ({ subject: { CN: name }, subjectaltname: `DNS:${name}` }) as unknown as PeerCertificate;

/** Node's refusal (an Error of another realm under Jest: matched by its code). */
const REFUSED = { code: 'ERR_TLS_CERT_ALTNAME_INVALID' };

describe("the Oracle worker's server name check (thin mode checks the descriptor's HOST)", () => {
  const tunnelled = { dialled: '127.0.0.1', name: 'ora.internal.example' };

  it("through an SSH tunnel: the forward's 127.0.0.1 is checked as the database's own name", () => {
    const check = serverIdentityCheck(tunnelled, checkServerIdentity);
    expect(check('127.0.0.1', certificateFor('ora.internal.example'))).toBeUndefined();
    expect(check('127.0.0.1', certificateFor('other.example'))).toMatchObject(REFUSED);
  });

  it('a certificate for 127.0.0.1 itself does not pass for the tunnelled name', () => {
    const ipCertificate = {
      subject: { CN: '127.0.0.1' },
      subjectaltname: 'IP Address:127.0.0.1',
    } as unknown as PeerCertificate;
    expect(
      serverIdentityCheck(tunnelled, checkServerIdentity)('127.0.0.1', ipCertificate),
    ).toMatchObject(REFUSED);
  });

  it('any other host (a listener redirect) is checked as it is; without an identity nothing is mapped', () => {
    const seen: string[] = [];
    const recording = (host: string) => {
      seen.push(host);
      return undefined;
    };
    serverIdentityCheck(tunnelled, recording)('10.0.0.7', certificateFor('x'));
    serverIdentityCheck(undefined, recording)('127.0.0.1', certificateFor('x'));
    expect(seen).toEqual(['10.0.0.7', '127.0.0.1']);
  });
});

describe("the Oracle worker's dial guard (a listener's REDIRECT names an address the policy never approved)", () => {
  const approved = { address: '127.0.0.1', port: 1521 };

  it('passes the approved address and port only, in every form Socket#connect takes', () => {
    expect(isApprovedDial([1521, '127.0.0.1'], approved)).toBe(true);
    expect(isApprovedDial(['1521', '127.0.0.1', () => undefined], approved)).toBe(true);
    expect(isApprovedDial([{ host: '127.0.0.1', port: 1521 }], approved)).toBe(true);
    expect(isApprovedDial([[{ host: '127.0.0.1', port: 1521 }, null]], approved)).toBe(true);
    expect(isApprovedDial([1521, '127.0.0.2'], approved)).toBe(false);
    expect(isApprovedDial([1522, '127.0.0.1'], approved)).toBe(false);
    expect(isApprovedDial([{ host: 'localhost', port: 1521 }], approved)).toBe(false);
    // Node's default host is localhost: a name, never the approved IP literal.
    expect(isApprovedDial([1521], approved)).toBe(false);
    expect(isApprovedDial(['/tmp/listener.sock'], approved)).toBe(false);
    expect(isApprovedDial([{ path: '/tmp/listener.sock' }], approved)).toBe(false);
  });

  describe('on real sockets', () => {
    let allowed: Server;
    let elsewhere: Server;
    let elsewhereAccepts = 0;
    const port = (server: Server) => (server.address() as AddressInfo).port;
    const listen = (server: Server, host: string) =>
      new Promise<void>((resolve) => server.listen(0, host, resolve));

    beforeAll(async () => {
      allowed = createServer((socket) => socket.destroy());
      elsewhere = createServer((socket) => {
        elsewhereAccepts += 1;
        socket.destroy();
      });
      await listen(allowed, '127.0.0.1');
      await listen(elsewhere, '127.0.0.2');
    });
    afterAll(async () => {
      await new Promise((resolve) => allowed.close(resolve));
      await new Promise((resolve) => elsewhere.close(resolve));
    });

    /** Resolves with the socket's first event: 'connect' or its error. */
    const outcome = (socket: Socket) =>
      new Promise<string | Error>((resolve) => {
        socket.once('connect', () => {
          socket.destroy();
          resolve('connect');
        });
        socket.once('error', resolve);
      });

    it('net.connect and tls.connect to another address fail before they dial; the approved one connects', async () => {
      let refused = 0;
      const undo = guardDials({ address: '127.0.0.1', port: port(allowed) }, () => {
        refused += 1;
      });
      try {
        const byNet = await outcome(netConnect(port(elsewhere), '127.0.0.2'));
        const byTls = await outcome(tlsConnect({ host: '127.0.0.2', port: port(elsewhere) }));
        const otherPort = await outcome(netConnect(port(elsewhere), '127.0.0.1'));
        expect([byNet, byTls, otherPort]).toEqual([
          expect.any(Error),
          expect.any(Error),
          expect.any(Error),
        ]);
        expect(refused).toBe(3);
        expect(await outcome(netConnect(port(allowed), '127.0.0.1'))).toBe('connect');
        expect(refused).toBe(3);
      } finally {
        undo();
      }
      expect(elsewhereAccepts).toBe(0);
    });

    it('the undo gives Socket#connect back', async () => {
      const undo = guardDials(approved, () => undefined);
      undo();
      expect(await outcome(netConnect(port(elsewhere), '127.0.0.2'))).toBe('connect');
    });
  });
});
