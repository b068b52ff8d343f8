import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { httpPlatform } from './common/http/http-platform';
import { listeningMessage, listeningUrls } from './common/http/listening-urls';
import { Settings } from './config/settings';
import { GracefulShutdown } from './shutdown/graceful-shutdown';
import { ConfigError, validateEnvironment } from './config/validate-environment';
import { ProvisioningError } from './connections/provisioning/provisioning-error';

/** A bad environment stops the process with one line naming every problem, before Nest starts. */
function exitOnBadEnvironment(): Settings {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** A provisioning file that cannot be applied stops the process the same way: one line, never a value. */
function exitOnBadProvisioning(error: unknown): never {
  if (!(error instanceof ProvisioningError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

async function bootstrap(): Promise<void> {
  const settings = exitOnBadEnvironment();
  // HTTP_ADAPTER picks the framework (express or fastify); the app is the same on either.
  const platform = httpPlatform(settings.http.adapter);
  const app = await NestFactory.create<INestApplication>(
    AppModule.forRoot(),
    platform.createAdapter(),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  configureApp(app);
  // listen() first initialises the app: the provisioning file is applied then, before anything is served.
  await platform.listen(app, settings.http.port).catch(exitOnBadProvisioning);
  // The last start line: where the API and the Swagger UI are, from the address actually bound.
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  new Logger('Bootstrap').log(listeningMessage(listeningUrls(address)));
  app.get(GracefulShutdown).exitOn(app, ['SIGTERM', 'SIGINT']);
}

void bootstrap();
