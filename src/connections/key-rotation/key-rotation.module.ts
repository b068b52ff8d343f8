import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from '../../config/validate-environment';
import { CryptoModule } from '../../crypto/crypto.module';
import { CommandStoreModule } from '../../store/store.module';
import { ConnectionPersistenceModule } from '../persistence/connection-persistence.module';

/** What `npm run keys:rotate` needs: the validated settings, the keyring and the repository port. */
@Module({})
export class KeyRotationModule {
  /** Reads and validates the environment when called, not when this file is imported. */
  static forRoot(): DynamicModule {
    return {
      module: KeyRotationModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment }),
        CryptoModule,
        CommandStoreModule,
        ConnectionPersistenceModule,
      ],
    };
  }
}
