import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Any constant works; it only has to be the same for every SoulSpot process. */
const MIGRATION_LOCK_KEY = 7_302_441_977;

/**
 * Runs pending migrations under a PostgreSQL advisory lock so that api and worker (or several
 * replicas) can start at the same time: the first one migrates, the others wait and find nothing to do.
 */
export async function runMigrationsWithLock(dataSource: DataSource): Promise<string[]> {
  const logger = new Logger('Migrations');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const started = Date.now();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied ${applied.length} migration(s) in ${Date.now() - started} ms: ${applied.map((m) => m.name).join(', ')}`);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
