import { AppLogger, ConfigValidationError, loadConfig } from '@soulspot/api/core';
import { createApiApp } from './app/create-api-app';

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
  const logger = new AppLogger({ format: config.logFormat, level: config.logLevel, process: 'api' });
  const t0 = Date.now();
  const app = await createApiApp({ ...config, databaseUrl }, logger);
  app.useLogger(logger);
  await app.listen(config.port, config.host);
  logger.log(`api listening on ${config.publicUrl} (ready in ${Date.now() - t0} ms)`, 'Bootstrap');
}

bootstrap().catch((e: Error) => {
  process.stderr.write(`api failed to start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
