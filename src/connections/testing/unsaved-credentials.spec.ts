import { FetException } from '../../common/errors/fet.exception';
import { TestConnectionDto } from '../dto/test-connection.dto';
import { unsavedCredentials } from './unsaved-credentials';

const body = (overrides: Partial<TestConnectionDto> = {}): TestConnectionDto => ({
  type: 'POSTGRESQL',
  host: '10.0.0.5',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  password: 'S3cret-pa55word!',
  ...overrides,
});
const tunnel = {
  host: 'bastion.example.com',
  userName: 'tunnel',
  hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
  privateKey: 'KEY',
  passphrase: 'PASSPHRASE',
};

describe('unsavedCredentials with an sshTunnel (test before saving)', () => {
  it('hands the tunnel in clear to the one dial, port 22 by default; none without a block', () => {
    expect(unsavedCredentials(body({ sshTunnel: tunnel })).sshTunnel).toEqual({
      ...tunnel,
      port: 22,
    });
    expect(
      unsavedCredentials(body({ sshTunnel: { ...tunnel, port: 2222, password: 'pw' } })).sshTunnel,
    ).toEqual({
      ...tunnel,
      port: 2222,
      password: 'pw',
    });
    expect(unsavedCredentials(body()).sshTunnel).toBeNull();
  });

  it('applies the engine rules create applies: a MongoDB replica set through a tunnel → FET-0001', () => {
    const refusal = (() => {
      try {
        unsavedCredentials(
          body({ type: 'MONGODB', metadata: { replicaSet: 'rs0' }, sshTunnel: tunnel }),
        );
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(FetException);
    expect(Object.keys((refusal as FetException).fields ?? {})).toEqual(['metadata.replicaSet']);
  });
});
