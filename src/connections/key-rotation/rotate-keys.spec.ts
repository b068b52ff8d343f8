import { randomBytes } from 'node:crypto';
import { AesGcmSecretCipher } from '../../crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../../crypto/keyring';
import { Connection } from '../domain/connection';
import { passwordContext, sslKeyContext } from '../domain/secret-contexts';
import { RotationError, RotationStore, rotateKeys } from './rotate-keys';

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
});
