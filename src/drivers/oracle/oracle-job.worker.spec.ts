import { PeerCertificate, checkServerIdentity } from 'node:tls';
import { serverIdentityCheck } from './oracle-job.worker';

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
