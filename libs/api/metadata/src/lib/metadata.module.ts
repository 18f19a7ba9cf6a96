import { DynamicModule, Module } from '@nestjs/common';
import { ImportEntity } from './import/entities/import.entity';
import { ImportRepository } from './import/import.repository';
import { ImportSettingsService } from './import/import-settings.service';
import { ImportsController } from './import/imports.controller';
import { ImportsService } from './import/imports.service';
import { ImportFileProcessor } from './jobs/import-file.processor';

/** Entities owned by the metadata feature; listed in ALL_ENTITIES (libs/api/schema). */
export const METADATA_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [ImportEntity];

const shared = [ImportRepository, ImportSettingsService, ImportsService];

/**
 * The metadata feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class MetadataModule {
  static forApi(): DynamicModule {
    return { module: MetadataModule, controllers: [ImportsController], providers: shared, exports: shared };
  }

  static forWorker(): DynamicModule {
    return { module: MetadataModule, providers: [...shared, ImportFileProcessor], exports: shared };
  }
}
