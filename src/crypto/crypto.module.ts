import { Global, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Settings } from '../config/settings';
import { AesGcmSecretCipher } from './aes-gcm-secret-cipher';
import { loadKeyring } from './keyring';
import { SecretCipher } from './secret-cipher';

@Global()
@Module({
  providers: [
    {
      provide: SecretCipher,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Settings, true>) => {
        const logger = new Logger('Crypto');
        return new AesGcmSecretCipher(loadKeyring(config.get('crypto', { infer: true }), (m) => logger.warn(m)));
      },
    },
  ],
  exports: [SecretCipher],
})
export class CryptoModule {}
