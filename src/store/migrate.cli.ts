import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { Settings } from '../config/settings';
import { validateEnvironment } from '../config/validate-environment';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsExclusively } from './migration-lock';

@Module({ imports: [ConfigModule.forRoot({ validate: validateEnvironment })] })
class MigrateConfigModule {}

const COMMANDS = ['run', 'revert', 'show'] as const;
type Command = (typeof COMMANDS)[number];

/** Prints what the migrations do (and nothing about queries, which may hold values). */
const printer: TypeOrmLogger = {
  logQuery: () => undefined,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: (message) => console.log(message),
  logMigration: (message) => console.log(message),
  log: (level, message) => {
    if (level !== 'log') console.log(String(message));
  },
};

async function storeSettings(): Promise<Settings['store']> {
  const context = await NestFactory.createApplicationContext(MigrateConfigModule, { logger: ['error'] });
  try {
    return context.get(ConfigService<Settings, true>).get('store', { infer: true });
  } finally {
    await context.close();
  }
}

/** `npm run migration:run|revert|show` on the store the service would use (DATABASE_URL or DATA_DIR). */
export async function runMigrationCli(command: string | undefined): Promise<number> {
  if (!COMMANDS.includes(command as Command)) {
    console.error(`usage: migrate.cli.ts ${COMMANDS.join('|')}`);
    return 64;
  }
  const options = dataSourceOptions(await storeSettings());
  const dataSource = await new DataSource({ ...options, logger: printer }).initialize();
  try {
    switch (command as Command) {
      case 'run': {
        const applied = await runMigrationsExclusively(dataSource, 'each');
        console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migration');
        return 0;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        return 0;
      case 'show': {
        const pending = await dataSource.showMigrations();
        console.log(pending ? 'pending migrations: yes' : 'pending migrations: none');
        return 0;
      }
    }
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runMigrationCli(process.argv[2]).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : 'migration failed');
      process.exitCode = 1;
    },
  );
}
