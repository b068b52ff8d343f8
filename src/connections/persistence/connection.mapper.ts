import { Connection } from '../domain/connection';
import { ConnectionEntity } from './connection.entity';

/** Domain → entity, for writes (reads map raw rows: connection-row.ts). */
export const ConnectionMapper = {
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
    row.createdAt = connection.createdAt;
    row.updatedAt = connection.updatedAt;
    row.deletedAt = deletedAt;
    return row;
  },
};
