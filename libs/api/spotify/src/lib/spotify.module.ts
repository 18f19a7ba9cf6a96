import { DynamicModule, Module } from '@nestjs/common';

/** Entities owned by the spotify feature; listed in ALL_ENTITIES (libs/api/schema). */
export const SPOTIFY_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [];

/**
 * The spotify feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class SpotifyModule {
  static forApi(): DynamicModule {
    return { module: SpotifyModule, controllers: [], providers: [], exports: [] };
  }

  static forWorker(): DynamicModule {
    return { module: SpotifyModule, providers: [], exports: [] };
  }
}
