import { EngineType, SslMode } from '../../engines/engine';
import { Connection } from '../domain/connection';
import { ConnectionEntity } from './connection.entity';

/** The one mapping between the stored row and the domain connection, for reads and writes alike. */
export const ConnectionMapper = {
  toDomain(row: ConnectionEntity): Connection {
    return {
      id: row.id,
      organizationId: row.organizationId,
      productName: row.productName,
      configName: row.configName,
      type: row.type as EngineType,
      host: row.host,
      port: row.port,
      databaseName: row.databaseName,
      userName: row.userName,
      sealedPassword: row.passwordSealed,
      schema: row.schemaName,
      ssl: row.sslMode
        ? {
            mode: row.sslMode as SslMode,
            ...(row.sslCa ? { ca: row.sslCa } : {}),
            ...(row.sslCert ? { cert: row.sslCert } : {}),
            ...(row.sslKeySealed ? { sealedKey: row.sslKeySealed } : {}),
          }
        : null,
      metadata: JSON.parse(row.metadata) as Record<string, string>,
      sshTunnel:
        row.sshHost !== null &&
        row.sshPort !== null &&
        row.sshUserName !== null &&
        row.sshHostKeyFingerprint !== null
          ? {
              host: row.sshHost,
              port: row.sshPort,
              userName: row.sshUserName,
              hostKeyFingerprint: row.sshHostKeyFingerprint,
              ...(row.sshPrivateKeySealed ? { sealedPrivateKey: row.sshPrivateKeySealed } : {}),
              ...(row.sshPassphraseSealed ? { sealedPassphrase: row.sshPassphraseSealed } : {}),
              ...(row.sshPasswordSealed ? { sealedPassword: row.sshPasswordSealed } : {}),
            }
          : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      provisioned: row.provisioned,
    };
  },

  toEntity(connection: Connection, deletedAt: Date | null = null): ConnectionEntity {
    const row = new ConnectionEntity();
    row.id = connection.id;
    row.organizationId = connection.organizationId;
    row.productName = connection.productName;
    row.configName = connection.configName;
    row.configNameKey = connection.configName.toLowerCase();
    row.type = connection.type;
    row.host = connection.host;
    row.port = connection.port;
    row.databaseName = connection.databaseName;
    row.userName = connection.userName;
    row.passwordSealed = connection.sealedPassword;
    row.schemaName = connection.schema;
    row.sslMode = connection.ssl?.mode ?? null;
    row.sslCa = connection.ssl?.ca ?? null;
    row.sslCert = connection.ssl?.cert ?? null;
    row.sslKeySealed = connection.ssl?.sealedKey ?? null;
    row.metadata = JSON.stringify(connection.metadata);
    const tunnel = connection.sshTunnel;
    row.sshHost = tunnel?.host ?? null;
    row.sshPort = tunnel?.port ?? null;
    row.sshUserName = tunnel?.userName ?? null;
    row.sshHostKeyFingerprint = tunnel?.hostKeyFingerprint ?? null;
    row.sshPrivateKeySealed = tunnel?.sealedPrivateKey ?? null;
    row.sshPassphraseSealed = tunnel?.sealedPassphrase ?? null;
    row.sshPasswordSealed = tunnel?.sealedPassword ?? null;
    row.createdAt = connection.createdAt;
    row.updatedAt = connection.updatedAt;
    row.provisioned = connection.provisioned;
    row.deletedAt = deletedAt;
    return row;
  },
};
