import { DynamicModule, Module } from '@nestjs/common';
import { SpotifyConnectionService } from './connection/spotify-connection.service';
import { SpotifySettingsService } from './connection/spotify-settings.service';
import { SpotifyTokenRepository } from './connection/spotify-token.repository';
import { SpotifyController } from './connection/spotify.controller';
import { SpotifyTokenEntity } from './entities/spotify-token.entity';
import { SpotifySyncSourceProcessor } from './jobs/spotify-sync-source.processor';
import { SpotifySyncSchedule } from './jobs/spotify-sync.schedule';
import { SpotifySearchController } from './search/spotify-search.controller';
import { SpotifySearchService } from './search/spotify-search.service';
import { SourceSyncService } from './sources-sync/source-sync.service';
import { SourcesController } from './sources-sync/sources.controller';
import { SourcesService } from './sources-sync/sources.service';

/** Entities owned by the spotify feature; listed in ALL_ENTITIES (libs/api/schema). */
export const SPOTIFY_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [SpotifyTokenEntity];

const shared = [SpotifySettingsService, SpotifyTokenRepository, SpotifyConnectionService, SourcesService, SourceSyncService];

/**
 * The spotify feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class SpotifyModule {
  static forApi(): DynamicModule {
    return { module: SpotifyModule, controllers: [SpotifyController, SourcesController, SpotifySearchController], providers: [...shared, SpotifySearchService], exports: shared };
  }

  static forWorker(): DynamicModule {
    return { module: SpotifyModule, providers: [...shared, SpotifySyncSourceProcessor, SpotifySyncSchedule], exports: shared };
  }
}
