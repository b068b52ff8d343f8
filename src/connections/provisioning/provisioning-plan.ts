import { sealNewConnection } from '../domain/new-connection';
import { SecretCipher } from '../../crypto/secret-cipher';
import { Connection, StoredSsl, StoredSshTunnel } from '../domain/connection';
import { ProvisioningChange } from '../domain/provisioning-change';
import {
  passwordContext,
  sshPassphraseContext,
  sshPasswordContext,
  sshPrivateKeyContext,
  sslKeyContext,
} from '../domain/secret-contexts';
import { DEFAULT_SSH_PORT } from '../domain/ssh-tunnel-secrets';
import { SshTunnelDto } from '../dto/ssh-tunnel.dto';
import { SslDto } from '../dto/ssl.dto';
import { ProvisioningState } from '../persistence/provisioning-store';
import { ProvisioningEntry } from './provisioning-entry';

export interface ProvisioningPlan {
  /** Deletions first (a configName whose case changed frees its name before it is taken again). */
  changes: ProvisioningChange[];
  /** Entries that cannot be applied (their configName is held by a connection that is not provisioned). */
  problems: string[];
  /** Entries whose stored connection already is what they say. */
  unchanged: number;
}

/** Metadata compared as a map: the order of its keys in the file is not a change. */
function sameMetadata(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}

/** Everything a client or a driver sees of a connection, secrets as their sealed values. */
function comparable(connection: Connection): string {
  const {
    productName,
    configName,
    type,
    host,
    port,
    databaseName,
    userName,
    sealedPassword,
    schema,
    ssl,
    sshTunnel: tunnel,
  } = connection;
  return JSON.stringify([
    productName,
    configName,
    type,
    host,
    port,
    databaseName,
    userName,
    sealedPassword,
    schema,
    ssl && [ssl.mode, ssl.ca, ssl.cert, ssl.sealedKey],
    tunnel && [
      tunnel.host,
      tunnel.port,
      tunnel.userName,
      tunnel.hostKeyFingerprint,
      tunnel.sealedPrivateKey,
      tunnel.sealedPassphrase,
      tunnel.sealedPassword,
    ],
  ]);
}

/**
 * Decides, from the checked entries and what the store holds, what applying the file changes: an
 * entry without a live provisioned connection of its id is `provisioned`, one whose connection
 * differs is `updated`, a live provisioned connection without an entry is `deleted`; nothing else is
 * written. A stored secret is opened and compared with the entry's, and sealed again only when it
 * differs, so an unchanged file writes nothing and the history shows a secret change only when there
 * was one.
 */
export class ProvisioningPlanner {
  constructor(private readonly cipher: SecretCipher) {}

  plan(
    entries: readonly ProvisioningEntry[],
    state: ProvisioningState,
    now: Date,
  ): ProvisioningPlan {
    const stored = new Map(state.provisioned.map((connection) => [connection.id, connection]));
    const deleted: ProvisioningChange[] = [];
    const written: ProvisioningChange[] = [];
    const problems: string[] = [];
    let unchanged = 0;
    for (const entry of entries) {
      const current = stored.get(entry.id);
      stored.delete(entry.id);
      if (current) {
        const after = this.updated(current, entry, now);
        if (after) written.push({ kind: 'updated', before: current, after });
        else unchanged += 1;
        continue;
      }
      const key = entry.input.configName.toLowerCase();
      const holder = state.holders.find(
        (live) =>
          live.organizationId === entry.organizationId &&
          live.configName.toLowerCase() === key &&
          !live.provisioned,
      );
      if (holder) {
        problems.push(
          `connections[${entry.index}].configName: is held by a connection that is not provisioned (rename the entry, or delete or rename that connection)`,
        );
      } else {
        written.push({ kind: 'provisioned', connection: this.built(entry, now) });
      }
    }
    for (const connection of stored.values())
      deleted.push({ kind: 'deleted', connection, at: now });
    return { changes: [...deleted, ...written], problems, unchanged };
  }

  /** A new provisioned connection, sealed as a create seals (spec §6.1). */
  private built(entry: ProvisioningEntry, now: Date): Connection {
    const { id, organizationId, productName, input } = entry;
    return sealNewConnection(
      this.cipher,
      { id, organizationId, productName, now, provisioned: true },
      input,
    );
  }

  /**
   * The stored connection as the entry wants it, or null when it already is. The product: the
   * entry's when it names one, else the stored one (an assign made through the API survives).
   */
  private updated(current: Connection, entry: ProvisioningEntry, now: Date): Connection | null {
    const { id } = current;
    const { input } = entry;
    const metadata = input.metadata ?? {};
    const next: Connection = {
      ...current,
      productName: entry.productName ?? current.productName,
      configName: input.configName,
      type: input.type,
      host: input.host,
      port: input.port,
      databaseName: input.databaseName,
      userName: input.userName,
      sealedPassword: this.holds(current.sealedPassword, passwordContext(id), input.password)
        ? current.sealedPassword
        : this.cipher.seal(input.password, passwordContext(id)),
      schema: input.schema || null,
      ssl: this.ssl(id, input.ssl, current.ssl),
      metadata: sameMetadata(metadata, current.metadata) ? current.metadata : metadata,
      sshTunnel: this.tunnel(id, input.sshTunnel, current.sshTunnel),
    };
    if (comparable(next) === comparable(current) && next.metadata === current.metadata) return null;
    return {
      ...next,
      updatedAt: new Date(Math.max(now.getTime(), current.updatedAt.getTime() + 1)),
    };
  }

  /** The SSL block of the entry; the stored sealed key is kept when it holds the entry's key. */
  private ssl(id: string, wanted: SslDto | undefined, current: StoredSsl | null): StoredSsl | null {
    if (!wanted) return null;
    const { key } = wanted;
    const kept =
      key && current?.sealedKey && this.holds(current.sealedKey, sslKeyContext(id), key)
        ? current.sealedKey
        : undefined;
    return {
      mode: wanted.mode,
      ...(wanted.ca ? { ca: wanted.ca } : {}),
      ...(wanted.cert ? { cert: wanted.cert } : {}),
      ...(key ? { sealedKey: kept ?? this.cipher.seal(key, sslKeyContext(id)) } : {}),
    };
  }

  /**
   * The SSH tunnel of the entry; each stored sealed secret is kept when it holds the entry's (so an
   * unchanged file changes nothing), else the entry's is sealed with its own additional data.
   */
  private tunnel(
    id: string,
    wanted: SshTunnelDto | undefined,
    current: StoredSshTunnel | null,
  ): StoredSshTunnel | null {
    if (!wanted) return null;
    const { privateKey, password } = wanted;
    const passphrase = privateKey ? wanted.passphrase : undefined;
    const sealed = (
      plaintext: string,
      stored: string | undefined,
      context: (id: string) => string,
    ) =>
      stored && this.holds(stored, context(id), plaintext)
        ? stored
        : this.cipher.seal(plaintext, context(id));
    return {
      host: wanted.host,
      port: wanted.port ?? DEFAULT_SSH_PORT,
      userName: wanted.userName,
      hostKeyFingerprint: wanted.hostKeyFingerprint,
      ...(privateKey
        ? { sealedPrivateKey: sealed(privateKey, current?.sealedPrivateKey, sshPrivateKeyContext) }
        : {}),
      ...(passphrase
        ? { sealedPassphrase: sealed(passphrase, current?.sealedPassphrase, sshPassphraseContext) }
        : {}),
      ...(password
        ? { sealedPassword: sealed(password, current?.sealedPassword, sshPasswordContext) }
        : {}),
    };
  }

  /**
   * Whether `sealed` opens to `plaintext`. A value that does not open (sealed with a key the keyring
   * no longer has) cannot be the entry's secret: it is sealed again from the entry.
   */
  private holds(sealed: string, context: string, plaintext: string): boolean {
    try {
      return this.cipher.open(sealed, context) === plaintext;
    } catch {
      return false;
    }
  }
}
