import { Module } from '@nestjs/common';
import { ENVIRONMENT_VARIABLES, processEnvironment } from '../../config/environment-variables';
import { ConnectionPersistenceModule } from '../persistence/connection-persistence.module';
import { ProvisioningService } from './provisioning.service';

/** Connections declared by operators in PROVISIONING_FILE, applied at boot (spec §3.15). */
@Module({
  imports: [ConnectionPersistenceModule],
  providers: [
    ProvisioningService,
    { provide: ENVIRONMENT_VARIABLES, useValue: processEnvironment },
  ],
})
export class ProvisioningModule {}
