import { FetErrorCode } from '../../common/errors/fet-error-code';
import { UriConnection, UriProblem } from './uri-reading';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The create input an import stands for, which of its fields the URI gave, and where body and URI disagree. */
export interface ImportInput {
  /** A create body (plain JSON, untransformed): the create rules judge it as they judge any other. */
  input: Json;
  /** The `fields` keys (JSON names) whose value came from the URI. */
  fromUri: ReadonlySet<string>;
  problems: UriProblem[];
}

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

/**
 * The create body of an import (spec §3.12): `configName` from the body; `type`, `host`, `port`,
 * `databaseName`, `userName` and `password` from the URI; `schema`, `ssl.mode` and `metadata` from
 * either, and where both give one they must agree (FET-0413 for the TLS mode, FET-0001 for the
 * schema and each metadata key); what the URI only implies (a MongoDB `authSource`) yields to the body. The body's `ssl` carries the PEMs,
 * and `sshTunnel` is the body's alone.
 * Fields the body gives in a wrong shape are passed on as they are, for the create rules to refuse.
 */
export function importInput(body: Json, uri: UriConnection): ImportInput {
  const fromUri = new Set(['type', 'host', 'port', 'databaseName', 'userName', 'password']);
  const problems: UriProblem[] = [];
  const disagree = (code: FetErrorCode, field: string) =>
    problems.push({ code, field, why: 'must agree with the uri' });
  const input: Json = {
    configName: body.configName,
    type: uri.type,
    host: uri.host,
    port: uri.port,
    databaseName: uri.databaseName,
    userName: uri.userName,
    password: uri.password,
  };

  if (body.schema !== undefined && body.schema !== null) {
    input.schema = body.schema;
    if (uri.schema !== undefined && trimmed(body.schema) !== uri.schema.trim()) {
      disagree(FetErrorCode.BadRequest, 'schema');
    }
  } else if (uri.schema !== undefined) {
    input.schema = uri.schema;
    fromUri.add('schema');
  } else if (body.schema === null) {
    input.schema = null;
  }

  if (body.ssl !== undefined && body.ssl !== null) {
    input.ssl = body.ssl;
    if (uri.sslMode !== undefined && isObject(body.ssl) && typeof body.ssl.mode === 'string') {
      if (body.ssl.mode.trim() !== uri.sslMode)
        disagree(FetErrorCode.InvalidSslConfiguration, 'ssl.mode');
    }
  } else if (uri.sslMode !== undefined) {
    input.ssl = { mode: uri.sslMode };
    fromUri.add('ssl.mode');
  } else if (body.ssl === null) {
    input.ssl = null;
  }

  const given = isObject(body.metadata) ? body.metadata : {};
  if (body.metadata === undefined || body.metadata === null || isObject(body.metadata)) {
    const metadata: Json = { ...given };
    const fill = (values: Record<string, string>, mustAgree: boolean) => {
      for (const [key, value] of Object.entries(values)) {
        if (!Object.hasOwn(metadata, key)) {
          metadata[key] = value;
          fromUri.add(`metadata.${key}`);
        } else if (mustAgree && metadata[key] !== value) {
          disagree(FetErrorCode.BadRequest, `metadata.${key}`);
        }
      }
    };
    fill(uri.metadata, true);
    fill(uri.impliedMetadata, false);
    if (Object.keys(metadata).length > 0 || body.metadata !== undefined) {
      input.metadata =
        body.metadata === null && Object.keys(metadata).length === 0 ? null : metadata;
    }
  } else {
    input.metadata = body.metadata;
  }
  // The URI never names a tunnel: the body's block is the create's, as given.
  if (body.sshTunnel !== undefined) input.sshTunnel = body.sshTunnel;
  return { input, fromUri, problems };
}
