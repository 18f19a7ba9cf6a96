import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AutomationModule } from '@soulspot/api/automation';
import { AppConfig, CoreModule } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LibraryModule } from '@soulspot/api/library';
import { MetadataModule } from '@soulspot/api/metadata';
import { PlatformModule } from '@soulspot/api/platform';
import { SoulseekModule } from '@soulspot/api/soulseek';
import { SpotifyModule } from '@soulspot/api/spotify';
import { ALL_ENTITIES } from '@soulspot/api/schema';
import { SystemHousekeepingProcessor } from './processors/system-housekeeping.processor';
import { SystemSelfCheckProcessor } from './processors/system-self-check.processor';
import { WorkerHost } from './worker-host';
import { WorkerSchedules } from './worker-schedules';

const PROCESSORS = [SystemSelfCheckProcessor, SystemHousekeepingProcessor];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.databaseUrl, entities: ALL_ENTITIES, applicationName: 'soulspot-worker' }),
        PlatformModule.forWorker(),
        LibraryModule.forWorker(),
        MetadataModule.forWorker(),
        SpotifyModule.forWorker(),
        SoulseekModule.forWorker(),
        AutomationModule.forWorker(),
        ScheduleModule.forRoot(),
        DiscoveryModule,
      ],
      providers: [
        ...PROCESSORS,
        WorkerHost,
        WorkerSchedules,
      ],
    };
  }
}
