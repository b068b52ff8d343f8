import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { Settings } from './config/settings';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(), { bufferLogs: true, bodyParser: false });
  configureApp(app);
  const { port } = app.get(ConfigService<Settings, true>).get('http', { infer: true });
  await app.listen(port);
}

void bootstrap();
