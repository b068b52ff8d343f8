import { Connection } from '../domain/connection';
import { ChangeValue, Changes, HiddenChange } from './history-event';

/** What `changes` shows of a field that is never shown. */
export const HIDDEN_CHANGE: HiddenChange = Object.freeze({ changed: true });

type Read = (connection: Connection) => ChangeValue | undefined;

/**
 * The fields of a change by their JSON name, in the order of the resource (spec §1). `hidden`
 * ones are only said to have changed: the secrets (their sealed values are compared, so a newly
 * written secret counts as changed even when its text is the same: the service never compares
 * secrets in clear) and the PEMs, which no route returns either. The SSH tunnel shows
 * `sshTunnel.host`, `.port`, `.userName`, `.hostKeyFingerprint` and hides `.privateKey`,
 * `.passphrase`, `.password`.
 */
const FIELDS: ReadonlyArray<{ name: string; read: Read; hidden?: true }> = [
  { name: 'configName', read: (c) => c.configName },
  { name: 'productName', read: (c) => c.productName },
  { name: 'type', read: (c) => c.type },
  { name: 'host', read: (c) => c.host },
  { name: 'port', read: (c) => c.port },
  { name: 'databaseName', read: (c) => c.databaseName },
  { name: 'userName', read: (c) => c.userName },
  { name: 'password', read: (c) => c.sealedPassword, hidden: true },
  { name: 'schema', read: (c) => c.schema },
  { name: 'ssl.mode', read: (c) => c.ssl?.mode ?? null },
  { name: 'ssl.ca', read: (c) => c.ssl?.ca, hidden: true },
  { name: 'ssl.cert', read: (c) => c.ssl?.cert, hidden: true },
  { name: 'ssl.key', read: (c) => c.ssl?.sealedKey, hidden: true },
  { name: 'sshTunnel.host', read: (c) => c.sshTunnel?.host ?? null },
  { name: 'sshTunnel.port', read: (c) => c.sshTunnel?.port ?? null },
  { name: 'sshTunnel.userName', read: (c) => c.sshTunnel?.userName ?? null },
  { name: 'sshTunnel.hostKeyFingerprint', read: (c) => c.sshTunnel?.hostKeyFingerprint ?? null },
  { name: 'sshTunnel.privateKey', read: (c) => c.sshTunnel?.sealedPrivateKey, hidden: true },
  { name: 'sshTunnel.passphrase', read: (c) => c.sshTunnel?.sealedPassphrase, hidden: true },
  { name: 'sshTunnel.password', read: (c) => c.sshTunnel?.sealedPassword, hidden: true },
];

/** The fields `changes` never shows, only says changed: the OpenAPI document pins them to `{ "changed": true }`. */
export const HIDDEN_FIELDS: readonly string[] = FIELDS.filter((field) => field.hidden).map(
  (field) => field.name,
);

/** Unset, whatever the field's own way of saying it (null, absent). */
const unset = (value: ChangeValue | undefined): value is null | undefined =>
  value === null || value === undefined;

const sameMetadata = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
};

/**
 * What changed from `before` to `after`, field by field, for the history (spec §3.14), the one
 * place that decides it (the service's events and provisioning's use it alike):
 * - a shown field as `{ from, to }`, `null` for unset;
 * - `ssl` as `ssl.mode` (`null` without SSL), its `ca`, `cert` and `key` hidden;
 * - `sshTunnel` as its `host`, `port`, `userName` and `hostKeyFingerprint` (`null` without a
 *   tunnel), its `privateKey`, `passphrase` and `password` hidden;
 * - `metadata` as the whole map (a PATCH replaces it whole), `{}` when empty;
 * - secrets and PEMs only as `{ "changed": true }`: nothing secret or sealed is ever copied in.
 * With `before` null (the connection did not exist: created, imported, cloned, provisioned) every
 * field that has a value appears, from `null`: the initial settings. Ids and timestamps are not
 * fields of a change.
 */
export function connectionChanges(before: Connection | null, after: Connection): Changes {
  const changes: Changes = {};
  for (const { name, read, hidden } of FIELDS) {
    const from = before === null ? null : read(before);
    const to = read(after);
    if (from === to || (unset(from) && unset(to))) continue;
    changes[name] = hidden ? HIDDEN_CHANGE : { from: from ?? null, to: to ?? null };
  }
  if (
    before === null
      ? Object.keys(after.metadata).length > 0
      : !sameMetadata(before.metadata, after.metadata)
  ) {
    changes.metadata = {
      from: before === null ? null : { ...before.metadata },
      to: { ...after.metadata },
    };
  }
  return changes;
}
