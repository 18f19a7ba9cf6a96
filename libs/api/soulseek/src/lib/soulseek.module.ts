import { DynamicModule, Module } from '@nestjs/common';

/** Entities owned by the soulseek feature; listed in ALL_ENTITIES (libs/api/schema). */
export const SOULSEEK_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [];

/**
 * The soulseek feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class SoulseekModule {
  static forApi(): DynamicModule {
    return { module: SoulseekModule, controllers: [], providers: [], exports: [] };
  }

  static forWorker(): DynamicModule {
    return { module: SoulseekModule, providers: [], exports: [] };
  }
}
