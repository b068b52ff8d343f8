import { Logger, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Settings } from '../config/settings';
import { validateEnvironment } from '../config/validate-environment';
import { dataSourceOptions } from '../store/data-source-options';
import { AesGcmSecretCipher } from './aes-gcm-secret-cipher';
import { loadKeyring } from './keyring';
import { RotationProgress, rotateKeys } from './rotate-keys';
import { TypeOrmRotationStore } from './rotate-keys.store';

@Module({ imports: [ConfigModule.forRoot({ validate: validateEnvironment })] })
class RotateKeysConfigModule {}

/** The validated settings, read the way the service reads them (environment and .env). */
async function loadSettings(): Promise<Pick<Settings, 'store' | 'crypto'>> {
  const context = await NestFactory.createApplicationContext(RotateKeysConfigModule, { logger: ['error'] });
  try {
    const config = context.get(ConfigService<Settings, true>);
    return { store: config.get('store', { infer: true }), crypto: config.get('crypto', { infer: true }) };
  } finally {
    await context.close();
  }
}

const line = (p: RotationProgress) =>
  `rotated ${p.scanned}/${p.total} (${p.resealed} re-sealed${p.changedMeanwhile ? `, ${p.changedMeanwhile} changed meanwhile` : ''})`;

/**
 * `npm run keys:rotate`: re-seals every stored secret with ENCRYPTION_ACTIVE_KEY_ID. Safe to stop
 * and re-run. Exit code 0 when every row is on the active key, 2 when rows changed meanwhile (run
 * again), 1 on an error.
 */
export async function runRotateKeysCli(): Promise<number> {
  const logger = new Logger('keys:rotate');
  const settings = await loadSettings();
  const cipher = new AesGcmSecretCipher(loadKeyring(settings.crypto, (message) => logger.warn(message)));
  const dataSource = await new DataSource(dataSourceOptions(settings.store)).initialize();
  try {
    console.log(`active key: ${cipher.activeKeyId}`);
    const result = await rotateKeys(new TypeOrmRotationStore(dataSource), cipher, { onProgress: (p) => console.log(line(p)) });
    console.log(`done: ${line(result)}`);
    return result.changedMeanwhile > 0 ? 2 : 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runRotateKeysCli().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : 'key rotation failed');
      process.exitCode = 1;
    },
  );
}
