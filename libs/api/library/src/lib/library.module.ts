import { DynamicModule, Module } from '@nestjs/common';

/** Entities owned by the library feature; listed in ALL_ENTITIES (libs/api/schema). */
export const LIBRARY_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [];

/**
 * The library feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class LibraryModule {
  static forApi(): DynamicModule {
    return { module: LibraryModule, controllers: [], providers: [], exports: [] };
  }

  static forWorker(): DynamicModule {
    return { module: LibraryModule, providers: [], exports: [] };
  }
}
