import { Module } from '@nestjs/common';
import { SchemaCacheModule } from '../schema/cache/schema-cache.module';
import { SshTunnelModule } from '../ssh-tunnel/ssh-tunnel.module';
import { ConnectionImportController } from './connection-import.controller';
import { ConnectionTestingController } from './connection-testing.controller';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { ConnectionDialing } from './dialing/connection-dialing';
import { SchemaDiscoveryService } from './discovery/schema-discovery.service';
import { SchemaValidationService } from './discovery/schema-validation.service';
import { AllowedHostRule } from './dto/allowed-host.rule';
import { HistoryController } from './history.controller';
import { ConnectionHistoryService } from './history/connection-history.service';
import { ConnectionPersistenceModule } from './persistence/connection-persistence.module';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { SchemaController } from './schema.controller';
import { ConnectionTester } from './testing/connection-tester';

/**
 * The connections resource: every route under /v1/management/connections (CRUD, test, schema,
 * validate-schema, history) and its use cases, and the connections provisioned from a file at boot. Drivers, the host policy and
 * rate limits are global modules; SSH tunnels (spec §5.1) are this module's own import.
 */
@Module({
  imports: [ConnectionPersistenceModule, SchemaCacheModule, ProvisioningModule, SshTunnelModule],
  controllers: [
    ConnectionsController,
    ConnectionImportController,
    ConnectionTestingController,
    SchemaController,
    HistoryController,
  ],
  providers: [
    ConnectionsService,
    ConnectionHistoryService,
    ConnectionDialing,
    ConnectionTester,
    SchemaDiscoveryService,
    SchemaValidationService,
    AllowedHostRule,
  ],
  exports: [ConnectionsService, ConnectionPersistenceModule],
})
export class ConnectionsModule {}
