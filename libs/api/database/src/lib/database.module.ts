import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EntityList, buildDataSourceOptions } from './data-source-options';
import { runMigrationsWithLock } from './run-migrations';

@Module({})
export class DatabaseModule {
  /** Connects and (by default) applies pending migrations under the advisory lock before anything else starts. */
  static forRoot(opts: { url: string; entities: EntityList; migrate?: boolean; poolSize?: number; applicationName?: string }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => buildDataSourceOptions(opts),
          dataSourceFactory: async (options) => {
            if (!options) throw new Error('missing data source options');
            const ds = await new DataSource(options).initialize();
            if (opts.migrate !== false) await runMigrationsWithLock(ds);
            return ds;
          },
        }),
      ],
    };
  }
}
