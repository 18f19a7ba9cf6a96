// Prints the SQL that would bring a database migrated with MIGRATIONS in line with the entities.
// Usage: npm run migration:sql  (uses a scratch database on DATABASE_URL's server, default local)
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { buildDataSourceOptions, runMigrationsWithLock } from '@soulspot/api/database';
import { ALL_ENTITIES } from '@soulspot/api/schema';

async function main(): Promise<void> {
  const base = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `soulspot_migration_scratch_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const ds = new DataSource(buildDataSourceOptions({ url: url.toString(), entities: ALL_ENTITIES }));
  try {
    await ds.initialize();
    await runMigrationsWithLock(ds);
    const sql = await ds.driver.createSchemaBuilder().log();
    for (const q of sql.upQueries) console.log(q.query + ';');
    console.log('-- down');
    for (const q of sql.downQueries.reverse()) console.log(q.query + ';');
  } finally {
    await ds.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}
void main();
