import { randomBytes } from 'node:crypto';
import { AesGcmSecretCipher } from '../../crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../../crypto/keyring';
import { Connection } from '../domain/connection';
import {
  passwordContext,
  sshPassphraseContext,
  sshPasswordContext,
  sshPrivateKeyContext,
  sslKeyContext,
} from '../domain/secret-contexts';
import { RotationError, RotationStore, resealConnection, rotateKeys } from './rotate-keys';

const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;
const onK1 = new AesGcmSecretCipher(parseKeyring(K1, 'k1'));
const rotating = new AesGcmSecretCipher(parseKeyring(`${K1},${K2}`, 'k2'));

function sealedRow(id: string, cipher: AesGcmSecretCipher, withKey: boolean): Connection {
  return {
    id,
    organizationId: 'default',
    productName: null,
    configName: id,
    type: 'POSTGRESQL',
    host: 'db.example.com',
    port: 5432,
    databaseName: 'app',
    userName: 'reader',
    sealedPassword: cipher.seal(`pw-${id}`, passwordContext(id)),
    schema: null,
    ssl: withKey ? { mode: 'require', sealedKey: cipher.seal(`key-${id}`, sslKeyContext(id)) } : null,
    metadata: {},
    sshTunnel: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    provisioned: false,
  };
}

/** The port's rotation operations over an array kept in id order; `lose` makes a write find the row changed. */
function memoryStore(rows: Connection[], lose: (id: string) => boolean = () => false): RotationStore & { rows: Connection[] } {
  return {
    rows,
    countAll: () => Promise.resolve(rows.length),
    batchAfter: (afterId, limit) => Promise.resolve(rows.filter((row) => afterId === null || row.id > afterId).slice(0, limit)),
    replaceSecretsIfUnchanged: (next, previous) => {
      const index = rows.findIndex((row) => row.id === previous.id);
      if (lose(previous.id) || rows[index].sealedPassword !== previous.sealedPassword) return Promise.resolve(false);
      rows[index] = next;
      return Promise.resolve(true);
    },
  };
}

describe('rotateKeys', () => {
  it('re-seals passwords and SSL keys with the active key, skips rows already on it, and counts lost races', async () => {
    const store = memoryStore(
      [sealedRow('a', onK1, true), sealedRow('b', rotating, false), sealedRow('c', onK1, false), sealedRow('d', onK1, false)],
      (id) => id === 'd',
    );
    const result = await rotateKeys(store, rotating, { batchSize: 2 });
    expect(result).toEqual({ total: 4, scanned: 4, resealed: 2, changedMeanwhile: 1 });
    const [a, , c] = store.rows;
    expect(rotating.keyIdOf(a.sealedPassword)).toBe('k2');
    expect(rotating.open(a.ssl!.sealedKey!, sslKeyContext('a'))).toBe('key-a');
    expect(rotating.open(c.sealedPassword, passwordContext('c'))).toBe('pw-c');
  });

  it('stops with a RotationError naming the row when a secret cannot be opened, and writes nothing for it', async () => {
    const foreign = new AesGcmSecretCipher(parseKeyring(`k1:${randomBytes(32).toString('base64')}`, 'k1'));
    const store = memoryStore([sealedRow('a', foreign, false)]);
    const sealed = store.rows[0].sealedPassword;
    const rotation = rotateKeys(store, rotating);
    await expect(rotation).rejects.toBeInstanceOf(RotationError);
    await expect(rotation).rejects.toThrow('connection a: the sealed password cannot be opened with ENCRYPTION_KEYS');
    expect(store.rows[0].sealedPassword).toBe(sealed);
  });

  describe('the SSH tunnel’s secrets', () => {
    const tunnelled = (id: string, cipher: AesGcmSecretCipher): Connection => ({
      ...sealedRow(id, cipher, false),
      sshTunnel: {
        host: 'bastion.example.com',
        port: 22,
        userName: 'tunnel',
        hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
        sealedPrivateKey: cipher.seal(`ssh-key-${id}`, sshPrivateKeyContext(id)),
        sealedPassphrase: cipher.seal(`ssh-pp-${id}`, sshPassphraseContext(id)),
        sealedPassword: cipher.seal(`ssh-pw-${id}`, sshPasswordContext(id)),
      },
    });

    it('are re-sealed with the active key under their own contexts, the route kept as it was', async () => {
      const store = memoryStore([tunnelled('t', onK1)]);
      expect(await rotateKeys(store, rotating)).toEqual({ total: 1, scanned: 1, resealed: 1, changedMeanwhile: 0 });
      const tunnel = store.rows[0].sshTunnel!;
      expect(rotating.keyIdOf(tunnel.sealedPrivateKey!)).toBe('k2');
      expect(rotating.keyIdOf(tunnel.sealedPassphrase!)).toBe('k2');
      expect(rotating.keyIdOf(tunnel.sealedPassword!)).toBe('k2');
      expect(rotating.open(tunnel.sealedPrivateKey!, sshPrivateKeyContext('t'))).toBe('ssh-key-t');
      expect(rotating.open(tunnel.sealedPassphrase!, sshPassphraseContext('t'))).toBe('ssh-pp-t');
      expect(rotating.open(tunnel.sealedPassword!, sshPasswordContext('t'))).toBe('ssh-pw-t');
      expect(tunnel.host).toBe('bastion.example.com');
    });

    it('a row whose only old secret is the tunnel’s is re-sealed; a row all on the active key is left alone', () => {
      const row = tunnelled('t', rotating);
      expect(resealConnection(rotating, row)).toBeNull();
      const stale = { ...row, sshTunnel: { ...row.sshTunnel!, sealedPassword: onK1.seal('ssh-pw-t', sshPasswordContext('t')) } };
      const next = resealConnection(rotating, stale);
      expect(next?.sshTunnel?.sealedPassword).not.toBe(stale.sshTunnel.sealedPassword);
      expect(next?.sshTunnel?.sealedPrivateKey).toBe(row.sshTunnel!.sealedPrivateKey);
      expect(next?.sealedPassword).toBe(row.sealedPassword);
    });

    it('a tunnel secret that cannot be opened stops the rotation, naming the field', async () => {
      const foreign = new AesGcmSecretCipher(parseKeyring(`k1:${randomBytes(32).toString('base64')}`, 'k1'));
      const row = tunnelled('t', onK1);
      const store = memoryStore([{ ...row, sshTunnel: { ...row.sshTunnel!, sealedPassphrase: foreign.seal('x', sshPassphraseContext('t')) } }]);
      await expect(rotateKeys(store, rotating)).rejects.toThrow(
        'connection t: the sealed sshTunnel.passphrase cannot be opened with ENCRYPTION_KEYS',
      );
    });
  });
});
