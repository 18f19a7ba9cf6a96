import { PLATFORM_ENTITIES } from '@soulspot/api/platform';

/**
 * Every TypeORM entity of the app, for the api and worker data sources and for the drift check
 * that compares entities with migrations. Each feature lib exports its own list; add it here.
 */
export const ALL_ENTITIES = [...PLATFORM_ENTITIES];
