import { LIBRARY_ENTITIES } from '@soulspot/api/library';
import { METADATA_ENTITIES } from '@soulspot/api/metadata';
import { PLATFORM_ENTITIES } from '@soulspot/api/platform';
import { SOULSEEK_ENTITIES } from '@soulspot/api/soulseek';
import { SPOTIFY_ENTITIES } from '@soulspot/api/spotify';

/**
 * Every TypeORM entity of the app, for the api and worker data sources and for the drift check
 * that compares entities with migrations. Each feature lib exports its own list.
 */
export const ALL_ENTITIES = [...PLATFORM_ENTITIES, ...LIBRARY_ENTITIES, ...METADATA_ENTITIES, ...SPOTIFY_ENTITIES, ...SOULSEEK_ENTITIES];
