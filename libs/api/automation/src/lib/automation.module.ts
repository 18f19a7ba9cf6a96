import { DynamicModule, Module } from '@nestjs/common';
import { MetadataModule } from '@soulspot/api/metadata';
import { DownloadHandOverService } from './hand-over/download-hand-over.service';
import { VerifiedDownloadRepository } from './hand-over/verified-download.repository';
import { DownloadVerifiedProcessor } from './jobs/download-verified.processor';
import { PlaylistRefreshListener } from './playlists/playlist-refresh.listener';
import { LostJobsSchedule } from './recovery/lost-jobs.schedule';
import { LostJobsService } from './recovery/lost-jobs.service';

const shared = [VerifiedDownloadRepository, DownloadHandOverService, LostJobsService];

/**
 * Chains the features: a verified download (soulseek) becomes an import (metadata), whose end puts the
 * wanted track in the library and refreshes its playlists (library); list changes refresh playlists too.
 * Worker only: no HTTP surface yet.
 * Imports `MetadataModule.forWorker()` for ImportsService; that call returns one object every time, so Nest
 * shares the module the worker registers and its providers (and the import processor) exist once.
 */
@Module({})
export class AutomationModule {
  static forWorker(): DynamicModule {
    return { module: AutomationModule, imports: [MetadataModule.forWorker()], providers: [...shared, DownloadVerifiedProcessor, PlaylistRefreshListener, LostJobsSchedule], exports: shared };
  }
}
