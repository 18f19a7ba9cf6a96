import { NestFactory } from '@nestjs/core';
import { AppLogger, ConfigValidationError, loadConfig } from '@soulspot/api/core';
import { WorkerModule } from './app/worker.module';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw e;
  }
  const { databaseUrl } = config;
  if (!databaseUrl) {
    process.stderr.write('DATABASE_URL is not set. Start SoulSpot with `npm start` (it provides an embedded PostgreSQL) or set DATABASE_URL.\n');
    process.exit(1);
  }
  const logger = new AppLogger({ format: config.logFormat, level: config.logLevel, process: 'worker' });
  const t0 = Date.now();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, databaseUrl }), { logger, bufferLogs: true });
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.init();
  logger.log(`worker ready in ${Date.now() - t0} ms (pid ${process.pid})`, 'Bootstrap');
}

bootstrap().catch((e: Error) => {
  process.stderr.write(`worker failed to start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
