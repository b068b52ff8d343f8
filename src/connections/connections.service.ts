import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { SecretCipher } from '../crypto/secret-cipher';
import { HostPolicy } from '../host-policy/host-policy';
import { sealNewConnection, sealSsl } from './domain/new-connection';
import { Connection, StoredSsl, connectionETag } from './domain/connection';
import { CarriedSecrets, credentialGuardViolations } from './domain/credential-guard';
import { ConnectionCredentials } from '../engines/engine';
import { ListFilter, Page } from './domain/connection-page';
import { engineRuleViolations } from './domain/engine-rules';
import { passwordContext, sslKeyContext } from './domain/secret-contexts';
import { carriedTunnelSecrets, openTunnel, resealTunnel, sealTunnel } from './domain/ssh-tunnel-secrets';
import { CloneConnectionDto } from './dto/clone-connection.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';
import { AuditContext, historyEvent } from './history/audit-context';
import { connectionChanges } from './history/connection-changes';
import { ConnectionRepository } from './persistence/connection.repository';

/** Where a request stands: its organization and, when the header was given, its product. */
export interface Scope {
  organizationId: string;
  productName?: string;
}

const notFound = () => new FetException(FetErrorCode.EntityNotFound);

/** A provisioned connection is changed through the provisioning file only (spec §3.15): 409 FET-1017. */
function refuseProvisioned(connection: Connection): void {
  if (connection.provisioned) throw new FetException(FetErrorCode.ConnectionProvisioned);
}

/** The time of a change: now, and always after the connection's last one (its ETag changes, its trail stays in order). */
const nextChange = (connection: Connection) => new Date(Math.max(Date.now(), connection.updatedAt.getTime() + 1));

/**
 * The rules of the connections resource: ownership, uniqueness, secrets sealed on write, and
 * every change recorded in the history with the change (spec §3.14), by `audit`'s actor.
 */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly cipher: SecretCipher,
    private readonly policy: HostPolicy,
  ) {}

  create(scope: Required<Scope>, input: CreateConnectionDto, audit: AuditContext): Promise<Connection> {
    return this.store(scope, input, audit, 'created');
  }

  /** POST /import (spec §3.12): a create whose input came from a connection URI, `imported` in the history. */
  import(scope: Required<Scope>, input: CreateConnectionDto, audit: AuditContext): Promise<Connection> {
    return this.store(scope, input, audit, 'imported');
  }

  /** A new connection, stored with its first history event (its initial settings). */
  private async store(
    scope: Required<Scope>,
    input: CreateConnectionDto,
    audit: AuditContext,
    action: 'created' | 'imported',
  ): Promise<Connection> {
    const now = new Date();
    const connection = sealNewConnection(
      this.cipher,
      {
        id: uuidv7(),
        organizationId: scope.organizationId,
        productName: scope.productName,
        now,
        provisioned: false,
      },
      input,
    );
    this.checkEngineRules(connection);
    await this.connections.insert(connection, [
      historyEvent(audit, connection, action, now, {
        changes: connectionChanges(null, connection),
      }),
    ]);
    return connection;
  }

  list(scope: Scope, filter: ListFilter): Promise<Page<Connection>> {
    return this.connections.findPage({
      ...filter,
      organizationId: scope.organizationId,
      productName: scope.productName,
    });
  }

  listUnassigned(scope: Scope, filter: ListFilter): Promise<Page<Connection>> {
    return this.connections.findPage({
      ...filter,
      organizationId: scope.organizationId,
      productName: null,
    });
  }

  async get(scope: Scope, id: string): Promise<Connection> {
    const connection = await this.connections.findById(scope.organizationId, id);
    if (!connection || (scope.productName !== undefined && connection.productName !== scope.productName)) {
      throw notFound();
    }
    return connection;
  }

  async update(
    scope: Scope,
    id: string,
    input: UpdateConnectionDto,
    audit: AuditContext,
    ifMatch?: string,
    attempt = 1,
  ): Promise<Connection> {
    if (Object.values(input).every((value) => value === undefined)) {
      throw new FetException(FetErrorCode.BadRequest, {
        fields: { body: 'must change at least one field' },
      });
    }
    const current = await this.get(scope, id);
    refuseProvisioned(current);
    if (ifMatch !== undefined && !this.matches(ifMatch, current)) {
      throw new FetException(FetErrorCode.PreconditionFailed);
    }
    const next: Connection = {
      ...current,
      configName: input.configName ?? current.configName,
      type: input.type ?? current.type,
      host: input.host ?? current.host,
      port: input.port ?? current.port,
      databaseName: input.databaseName ?? current.databaseName,
      userName: input.userName ?? current.userName,
      sealedPassword:
        input.password !== undefined ? this.cipher.seal(input.password, passwordContext(id)) : current.sealedPassword,
      schema: input.schema === undefined ? current.schema : input.schema || null,
      ssl: input.ssl === undefined ? current.ssl : input.ssl === null ? null : sealSsl(this.cipher, id, input.ssl),
      metadata: input.metadata === undefined ? current.metadata : (input.metadata ?? {}),
      sshTunnel:
        input.sshTunnel === undefined
          ? current.sshTunnel
          : input.sshTunnel === null
            ? null
            : sealTunnel(this.cipher, id, input.sshTunnel, current.sshTunnel),
      updatedAt: nextChange(current),
    };
    // Judged against the version being replaced: the one If-Match named, or, without If-Match,
    // the one read on this attempt (a retry after a lost race judges the newer one again).
    this.checkCredentialGuard(current, next, input);
    this.checkHostPolicy(next, input);
    this.checkEngineRules(next);
    const event = historyEvent(audit, next, 'updated', next.updatedAt, {
      changes: connectionChanges(current, next),
    });
    if (!(await this.connections.update(next, current.updatedAt, [event]))) {
      // Someone else wrote (or deleted) it between our read and our write: with If-Match that is
      // a lost precondition; without, the last writer wins, so apply the change to the new state.
      if (ifMatch !== undefined || attempt >= 3) throw new FetException(FetErrorCode.PreconditionFailed);
      return this.update(scope, id, input, audit, undefined, attempt + 1);
    }
    return next;
  }

  async remove(scope: Scope, id: string, audit: AuditContext): Promise<void> {
    const current = await this.get(scope, id);
    refuseProvisioned(current);
    const at = nextChange(current);
    const event = historyEvent(audit, current, 'deleted', at);
    if (!(await this.connections.softDelete(scope.organizationId, id, at, [event]))) throw notFound();
  }

  async assign(scope: Required<Scope>, id: string, audit: AuditContext): Promise<Connection> {
    const current = await this.get({ organizationId: scope.organizationId }, id);
    if (current.productName !== null) throw new FetException(FetErrorCode.AlreadyAssigned);
    const assigned: Connection = {
      ...current,
      productName: scope.productName,
      updatedAt: nextChange(current),
    };
    const event = historyEvent(audit, assigned, 'assigned', assigned.updatedAt, {
      changes: connectionChanges(current, assigned),
    });
    if (!(await this.connections.assignProduct(scope.organizationId, id, scope.productName, assigned.updatedAt, [event]))) {
      throw new FetException(FetErrorCode.AlreadyAssigned);
    }
    return assigned;
  }

  /**
   * A new connection (new id, the given name) with the source's settings, in the source's product
   * (none when the source has none). Its secrets are opened under the source's contexts and sealed
   * again under the new id here: a sealed value never moves from one row to another, and the clear
   * text never leaves this call.
   */
  async clone(scope: Scope, sourceId: string, input: CloneConnectionDto, audit: AuditContext): Promise<Connection> {
    const source = await this.get(scope, sourceId);
    const id = uuidv7();
    const now = new Date();
    const clone: Connection = {
      id,
      organizationId: source.organizationId,
      productName: source.productName,
      configName: input.configName,
      type: source.type,
      host: source.host,
      port: source.port,
      databaseName: source.databaseName,
      userName: source.userName,
      sealedPassword: this.reseal(source.sealedPassword, passwordContext(source.id), passwordContext(id)),
      schema: source.schema,
      ssl: source.ssl ? this.resealSsl(source.ssl, source.id, id) : null,
      metadata: { ...source.metadata },
      sshTunnel: source.sshTunnel ? resealTunnel(this.cipher, source.sshTunnel, source.id, id) : null,
      createdAt: now,
      updatedAt: now,
      // Even the clone of a provisioned connection is an ordinary one (spec §3.15).
      provisioned: false,
    };
    // The audit trail (spec §3.14), written with this insert: `cloned` (sourceId, its settings) on
    // the clone, `copied` (targetId) on the source, dated never before the source's last change.
    await this.connections.insert(clone, [
      historyEvent(audit, clone, 'cloned', now, { sourceId: source.id, changes: connectionChanges(null, clone) }),
      historyEvent(audit, source, 'copied', new Date(Math.max(now.getTime(), source.updatedAt.getTime())), { targetId: id }),
    ]);
    return clone;
  }

  /** Live connections of the organization by configName (case-insensitive), for validate-schema. */
  findByConfigNames(scope: Scope, configNames: string[]): Promise<Connection[]> {
    return this.connections.findByConfigNames(scope.organizationId, configNames, scope.productName);
  }

  /** The settings in clear, for a driver to dial with. Never returned by a route. */
  credentialsOf(connection: Connection): ConnectionCredentials {
    const { ssl } = connection;
    return {
      id: connection.id,
      type: connection.type,
      host: connection.host,
      port: connection.port,
      databaseName: connection.databaseName,
      userName: connection.userName,
      password: this.cipher.open(connection.sealedPassword, passwordContext(connection.id)),
      schema: connection.schema,
      ssl: ssl
        ? {
            mode: ssl.mode,
            ca: ssl.ca,
            cert: ssl.cert,
            key: ssl.sealedKey ? this.cipher.open(ssl.sealedKey, sslKeyContext(connection.id)) : undefined,
          }
        : null,
      metadata: connection.metadata,
      sshTunnel: connection.sshTunnel ? openTunnel(this.cipher, connection.sshTunnel, connection.id) : null,
    };
  }

  /**
   * `If-Match` compares strongly (RFC 9110 §13.1.1): `*`, or one of its tags exactly as we sent it,
   * quotes included; a weak tag (`W/"…"`) never matches.
   */
  private matches(ifMatch: string, connection: Connection): boolean {
    const etag = connectionETag(connection);
    return ifMatch
      .split(',')
      .map((tag) => tag.trim())
      .some((tag) => tag === '*' || tag === etag);
  }

  /**
   * Spec §3.4: a PATCH that would send a stored secret somewhere new must carry it again (the
   * database password; the tunnel's key or password when the bastion, its port or user changes).
   */
  private checkCredentialGuard(current: Connection, next: Connection, input: UpdateConnectionDto): void {
    const carried: CarriedSecrets = new Set([
      ...(input.password !== undefined ? ['password'] : []),
      ...carriedTunnelSecrets(input.sshTunnel),
    ]);
    const fields = credentialGuardViolations(current, next, carried);
    if (Object.keys(fields).length > 0) throw new FetException(FetErrorCode.MissingFields, { fields });
  }

  /**
   * The host policy on the connection a PATCH makes (spec §5.1, §6.2): the body alone cannot say
   * whether the database host is reached directly or through the stored tunnel, so a PATCH that
   * gives `host` or `sshTunnel` is judged again here, by the rule of the way it is reached.
   */
  private checkHostPolicy(next: Connection, input: UpdateConnectionDto): void {
    if (input.host === undefined && input.sshTunnel === undefined) return;
    const forbidden = next.sshTunnel ? this.policy.isForbiddenBehindTunnel(next.host) : this.policy.isLiteralForbidden(next.host);
    if (forbidden) throw new FetException(FetErrorCode.ForbiddenHost, { fields: { host: 'is not allowed by the host policy' } });
  }

  private checkEngineRules(connection: Connection): void {
    const fields = engineRuleViolations(connection);
    if (Object.keys(fields).length > 0) throw new FetException(FetErrorCode.BadRequest, { fields });
  }

  /** A secret of one connection, sealed again for another (spec §6.1: the id is the additional data). */
  private reseal(sealed: string, from: string, to: string): string {
    return this.cipher.seal(this.cipher.open(sealed, from), to);
  }

  private resealSsl({ sealedKey, ...settings }: StoredSsl, fromId: string, toId: string): StoredSsl {
    return {
      ...settings,
      ...(sealedKey ? { sealedKey: this.reseal(sealedKey, sslKeyContext(fromId), sslKeyContext(toId)) } : {}),
    };
  }
}
