import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS, buildDataSourceOptions, runMigrationsWithLock } from '@soulspot/api/database';

const TEMPLATE_LOCK = 7_302_441_978;

export function testServerUrl(): string {
  return process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(serverUrl: string, db: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Migrations run once into a template database named after the migration list; each test file then
 * gets its own clone (`CREATE DATABASE x TEMPLATE t`), which takes milliseconds instead of re-migrating.
 */
export async function createTestDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const server = testServerUrl();
  const hash = createHash('sha1').update(MIGRATIONS.map((m) => m.name).join(',')).digest('hex').slice(0, 10);
  const template = `soulspot_tpl_${hash}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build_${process.pid}`;
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
        await admin.query(`CREATE DATABASE ${building}`);
        const ds = new DataSource(buildDataSourceOptions({ url: withDatabase(server, building), entities: [] }));
        await ds.initialize();
        await runMigrationsWithLock(ds);
        await ds.destroy();
        // Renaming after a complete migration means a half-built template is never used.
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
    const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
    const name = `soulspot_t_${safeLabel}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    return {
      name,
      url: withDatabase(server, name),
      drop: async () => {
        const c = new Client({ connectionString: server });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}
