import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { MIGRATIONS } from './migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/**
 * One definition of how SoulSpot talks to PostgreSQL, used by the apps, the migration CLI and tests.
 * `synchronize` is never on: the schema only changes through the reviewed migrations listed in MIGRATIONS.
 */
export function buildDataSourceOptions(opts: { url: string; entities: EntityList; logging?: boolean; poolSize?: number; applicationName?: string }): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: opts.entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    // gen_random_uuid() is built into PostgreSQL ≥ 13; no extension needed.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: opts.logging ? ['error', 'warn', 'migration'] : ['error'],
    extra: { max: opts.poolSize ?? 10, application_name: opts.applicationName ?? 'soulspot' },
  };
}
