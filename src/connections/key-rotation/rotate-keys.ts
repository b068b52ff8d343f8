import { SecretCipher } from '../../crypto/secret-cipher';
import { Connection } from '../domain/connection';
import { passwordContext, sslKeyContext } from '../domain/secret-contexts';
import { mapTunnelSecrets } from '../domain/ssh-tunnel-secrets';
import { ConnectionRepository } from '../persistence/connection.repository';

/** The part of the repository port key rotation uses: every row (live and deleted) in id order, and a guarded write. */
export type RotationStore = Pick<ConnectionRepository, 'countAll' | 'batchAfter' | 'replaceSecretsIfUnchanged'>;

export interface RotationProgress {
  total: number;
  /** Rows looked at so far. */
  scanned: number;
  /** Rows whose secrets were re-sealed with the active key. */
  resealed: number;
  /** Rows that changed between read and write; run again to cover them. */
  changedMeanwhile: number;
}

export interface RotationOptions {
  batchSize?: number;
  onProgress?: (progress: RotationProgress) => void;
}

/** A stored secret by its JSON name: `password`, `ssl.key`, `sshTunnel.privateKey`, … */
type SecretName = string;

/** Thrown when a stored secret cannot be opened with the keyring: rotation stops, nothing is lost. */
export class RotationError extends Error {
  constructor(connectionId: string, field: SecretName, cause: unknown) {
    super(`connection ${connectionId}: the sealed ${field} cannot be opened with ENCRYPTION_KEYS`, { cause });
    this.name = 'RotationError';
  }
}

function reseal(cipher: SecretCipher, sealed: string, context: string, id: string, field: SecretName): string {
  if (cipher.keyIdOf(sealed) === cipher.activeKeyId) return sealed;
  let plaintext: string;
  try {
    plaintext = cipher.open(sealed, context);
  } catch (error) {
    throw new RotationError(id, field, error);
  }
  return cipher.seal(plaintext, context);
}

/** The connection with every secret sealed by the active key; null when it already was. */
export function resealConnection(cipher: SecretCipher, connection: Connection): Connection | null {
  const sealedPassword = reseal(cipher, connection.sealedPassword, passwordContext(connection.id), connection.id, 'password');
  const sealedKey = connection.ssl?.sealedKey;
  const nextKey = sealedKey ? reseal(cipher, sealedKey, sslKeyContext(connection.id), connection.id, 'ssl.key') : undefined;
  let tunnelChanged = false;
  const sshTunnel =
    connection.sshTunnel &&
    mapTunnelSecrets(connection.sshTunnel, (sealed, { name, context }) => {
      const next = reseal(cipher, sealed, context(connection.id), connection.id, name);
      tunnelChanged ||= next !== sealed;
      return next;
    });
  if (sealedPassword === connection.sealedPassword && nextKey === sealedKey && !tunnelChanged) return null;
  return {
    ...connection,
    sealedPassword,
    ssl: connection.ssl ? { ...connection.ssl, ...(nextKey ? { sealedKey: nextKey } : {}) } : null,
    sshTunnel,
  };
}

/**
 * Re-seals every stored secret (passwords, SSL keys and the SSH tunnels' secrets, of live and deleted rows) with the active
 * key. Each row is written on its own, so stopping half-way loses nothing and a re-run continues
 * where it matters (rows already on the active key are skipped).
 */
export async function rotateKeys(store: RotationStore, cipher: SecretCipher, options: RotationOptions = {}): Promise<RotationProgress> {
  const batchSize = options.batchSize ?? 100;
  const progress: RotationProgress = { total: await store.countAll(), scanned: 0, resealed: 0, changedMeanwhile: 0 };
  let afterId: string | null = null;
  for (;;) {
    const rows = await store.batchAfter(afterId, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const next = resealConnection(cipher, row);
      if (next) {
        if (await store.replaceSecretsIfUnchanged(next, row)) progress.resealed++;
        else progress.changedMeanwhile++;
      }
      progress.scanned++;
    }
    afterId = rows[rows.length - 1].id;
    options.onProgress?.({ ...progress, total: Math.max(progress.total, progress.scanned) });
  }
  return { ...progress, total: Math.max(progress.total, progress.scanned) };
}
