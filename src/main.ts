import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { listeningMessage, listeningUrls } from './common/http/listening-urls';
import { Settings } from './config/settings';
import { GracefulShutdown } from './shutdown/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  const { port } = app.get(ConfigService<Settings, true>).get('http', { infer: true });
  await app.listen(port);
  // The last start line: where the API and the Swagger UI are, from the address actually bound.
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  new Logger('Bootstrap').log(listeningMessage(listeningUrls(address)));
  app.get(GracefulShutdown).exitOn(app, ['SIGTERM', 'SIGINT']);
}

void bootstrap();
