import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig, CoreModule } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { PlatformModule } from '@soulspot/api/platform';
import { ALL_ENTITIES } from '@soulspot/api/schema';
import { JOB_HANDLERS, JobHandler } from './job-handler';
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
        ScheduleModule.forRoot(),
      ],
      providers: [
        ...PROCESSORS,
        { provide: JOB_HANDLERS, inject: PROCESSORS, useFactory: (...handlers: JobHandler[]) => handlers },
        WorkerHost,
        WorkerSchedules,
      ],
    };
  }
}
