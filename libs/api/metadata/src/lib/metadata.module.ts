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
  // The same object on every call: Nest identifies dynamic modules by reference, and automation imports
  // the metadata module beside the app, so a fresh object would build ImportsService (and the processor) twice.
  private static readonly api: DynamicModule = { module: MetadataModule, controllers: [ImportsController], providers: shared, exports: shared };
  private static readonly worker: DynamicModule = { module: MetadataModule, providers: [...shared, ImportFileProcessor], exports: shared };

  static forApi(): DynamicModule {
    return MetadataModule.api;
  }

  static forWorker(): DynamicModule {
    return MetadataModule.worker;
  }
}
