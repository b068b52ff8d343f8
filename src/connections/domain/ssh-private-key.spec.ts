import { utils } from 'ssh2';
import { opensshPrivateKey, pemPrivateKey } from '../../../test/support/ssh-keys';
import { NOT_A_KEY, SSH_KEY_MAX_KDF_ROUNDS, sshPrivateKeyProblem } from './ssh-private-key';

const PASSPHRASE = 'tunnel passphrase';

describe('sshPrivateKeyProblem (keys made at test time)', () => {
  it.each([
    ['OpenSSH ed25519', () => opensshPrivateKey('ed25519')],
    ['OpenSSH ECDSA', () => opensshPrivateKey('ecdsa')],
    ['OpenSSH RSA', () => opensshPrivateKey('rsa')],
    ['PEM RSA', () => pemPrivateKey('rsa')],
    ['PEM EC', () => pemPrivateKey('ec')],
  ])('accepts an unencrypted %s key, with or without a passphrase beside it', (_kind, key) => {
    const text = key();
    expect(sshPrivateKeyProblem(text, undefined)).toBeUndefined();
    expect(sshPrivateKeyProblem(text, 'not needed')).toBeUndefined();
  });

  it.each([
    ['OpenSSH ed25519', () => opensshPrivateKey('ed25519', { passphrase: PASSPHRASE })],
    ['PEM RSA', () => pemPrivateKey('rsa', PASSPHRASE)],
    ['PEM EC', () => pemPrivateKey('ec', PASSPHRASE)],
  ])(
    'an encrypted %s key: opens with its passphrase; without one, or with another, the passphrase is blamed',
    (_kind, key) => {
      const text = key();
      expect(sshPrivateKeyProblem(text, PASSPHRASE)).toBeUndefined();
      expect(sshPrivateKeyProblem(text, undefined)).toEqual({
        field: 'passphrase',
        why: 'is required: sshTunnel.privateKey is encrypted',
      });
      expect(sshPrivateKeyProblem(text, 'wrong passphrase')).toEqual({
        field: 'passphrase',
        why: 'does not decrypt sshTunnel.privateKey',
      });
    },
  );

  it('refuses what is not an OpenSSH or PEM private key, never quoting it', () => {
    const ed25519 = utils.generateKeyPairSync('ed25519');
    const texts = [
      'not a key at all',
      ed25519.public,
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBAD\n-----END PRIVATE KEY-----\n',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n',
      '-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n',
      'PuTTY-User-Key-File-2: ssh-ed25519\nEncryption: none\n',
    ];
    for (const text of texts) {
      const problem = sshPrivateKeyProblem(text, undefined);
      expect([text, problem]).toEqual([text, { field: 'privateKey', why: NOT_A_KEY }]);
      expect(problem?.why).not.toContain(text);
    }
  });

  it('refuses a key over 64 KiB and an OpenSSH key encrypted with too many bcrypt rounds (a stall on every dial)', () => {
    const padded = `${opensshPrivateKey()}${' '.repeat(64 * 1024)}`;
    expect(sshPrivateKeyProblem(padded, undefined)).toEqual({
      field: 'privateKey',
      why: 'must be at most 64 KiB',
    });
    // Read from the header only: the KDF is never run for such a key.
    const slow = opensshPrivateKey('ed25519', {
      passphrase: PASSPHRASE,
      rounds: SSH_KEY_MAX_KDF_ROUNDS + 1,
    });
    expect(sshPrivateKeyProblem(slow, PASSPHRASE)).toEqual({
      field: 'privateKey',
      why: `is encrypted with more than ${SSH_KEY_MAX_KDF_ROUNDS} bcrypt rounds: re-encrypt it with fewer (ssh-keygen -p -a 16)`,
    });
  });
});
