import { DynamicModule, Module } from '@nestjs/common';
import { PlaylistExportRepository } from './playlists-export/playlist-export.repository';
import { PlaylistExportService } from './playlists-export/playlist-export.service';
import { PlaylistsExportController } from './playlists-export/playlists-export.controller';
import { ListSourceEntity } from './wanted/entities/list-source.entity';
import { SourceEntryEntity } from './wanted/entities/source-entry.entity';
import { WantedTrackEntity } from './wanted/entities/wanted-track.entity';
import { WantedTracksController } from './wanted/wanted-tracks.controller';
import { WantedTracksRepository } from './wanted/wanted-tracks.repository';
import { WantedTracksService } from './wanted/wanted-tracks.service';

/** Entities owned by the library feature; listed in ALL_ENTITIES (libs/api/schema). */
export const LIBRARY_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [ListSourceEntity, WantedTrackEntity, SourceEntryEntity];

const shared = [WantedTracksRepository, WantedTracksService, PlaylistExportRepository, PlaylistExportService];

/**
 * The library feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs. Global: integrations
 * (spotify, soulseek, metadata) build on the library's repositories without re-importing it.
 */
@Module({})
export class LibraryModule {
  static forApi(): DynamicModule {
    return { module: LibraryModule, global: true, controllers: [WantedTracksController, PlaylistsExportController], providers: shared, exports: shared };
  }

  static forWorker(): DynamicModule {
    return { module: LibraryModule, global: true, providers: shared, exports: shared };
  }
}
