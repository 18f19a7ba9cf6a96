import { DynamicModule, Module } from '@nestjs/common';

/** Entities owned by the metadata feature; listed in ALL_ENTITIES (libs/api/schema). */
export const METADATA_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [];

/**
 * The metadata feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class MetadataModule {
  static forApi(): DynamicModule {
    return { module: MetadataModule, controllers: [], providers: [], exports: [] };
  }

  static forWorker(): DynamicModule {
    return { module: MetadataModule, providers: [], exports: [] };
  }
}
