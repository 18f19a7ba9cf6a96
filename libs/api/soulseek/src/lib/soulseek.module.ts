import { DynamicModule, Module, Provider } from '@nestjs/common';
import { BlocklistController } from './downloads/blocklist/blocklist.controller';
import { BlocklistRepository } from './downloads/blocklist/blocklist.repository';
import { BlocklistService } from './downloads/blocklist/blocklist.service';
import { CircuitBreaker } from './downloads/circuit-breaker';
import { DownloadEngine } from './downloads/download-engine';
import { DownloadEvents } from './downloads/download-events';
import { DownloadRepository } from './downloads/download.repository';
import { DownloadSettingsService } from './downloads/download-settings.service';
import { DownloadStatusService } from './downloads/download-status.service';
import { DownloadSettingsController, DownloadsController } from './downloads/downloads.controller';
import { DownloadsService } from './downloads/downloads.service';
import { DownloadVerifier } from './downloads/verify/download-verifier';
import { BlocklistEntryEntity } from './entities/blocklist-entry.entity';
import { DownloadAttemptEntity } from './entities/download-attempt.entity';
import { DownloadEntity } from './entities/download.entity';
import { SoulseekSearchCandidateEntity } from './entities/soulseek-search-candidate.entity';
import { SoulseekSearchEntity } from './entities/soulseek-search.entity';
import { DownloadVerifyProcessor } from './jobs/download-verify.processor';
import { DownloadsTickProcessor } from './jobs/downloads-tick.processor';
import { DownloadsTickSchedule } from './jobs/downloads-tick.schedule';
import { QualityProfilesController } from './profiles/quality-profiles.controller';
import { QualityProfilesService } from './profiles/quality-profiles.service';
import { SoulseekSearchProcessor } from './jobs/soulseek-search.processor';
import { SlskdSettingsService } from './settings/slskd-settings.service';
import { SlskdSettingsController, SoulseekController } from './soulseek.controller';
import { SoulseekSearchRepository } from './soulseek-search.repository';
import { SoulseekSearchService } from './soulseek-search.service';

/** Entities owned by the soulseek feature; listed in ALL_ENTITIES (libs/api/schema). */
export const SOULSEEK_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [
  SoulseekSearchEntity,
  SoulseekSearchCandidateEntity,
  DownloadEntity,
  DownloadAttemptEntity,
  BlocklistEntryEntity,
];

const shared: Provider[] = [
  SlskdSettingsService,
  QualityProfilesService,
  SoulseekSearchRepository,
  SoulseekSearchService,
  DownloadRepository,
  DownloadSettingsService,
  DownloadStatusService,
  DownloadEvents,
  CircuitBreaker,
  DownloadsService,
  BlocklistRepository,
  BlocklistService,
  DownloadVerifier,
];
/** The download engine talks to slskd: worker only. The schedule only enqueues ticks. */
const engine: Provider[] = [DownloadEngine, DownloadsTickProcessor, DownloadVerifyProcessor, DownloadsTickSchedule];

/**
 * The soulseek feature. `forApi()` holds controllers and services for the HTTP process; `forWorker()`
 * the services and the @JobProcessor providers that only the worker runs.
 */
@Module({})
export class SoulseekModule {
  static forApi(): DynamicModule {
    return { module: SoulseekModule, controllers: [SlskdSettingsController, SoulseekController, DownloadsController, DownloadSettingsController, BlocklistController, QualityProfilesController], providers: shared, exports: shared };
  }

  static forWorker(): DynamicModule {
    return { module: SoulseekModule, providers: [...shared, SoulseekSearchProcessor, ...engine], exports: [...shared, DownloadEngine] };
  }
}
