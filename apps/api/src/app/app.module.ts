import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AllExceptionsFilter, AppConfig, CoreModule } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LibraryModule } from '@soulspot/api/library';
import { MetadataModule } from '@soulspot/api/metadata';
import { PlatformModule } from '@soulspot/api/platform';
import { SoulseekModule } from '@soulspot/api/soulseek';
import { SpotifyModule } from '@soulspot/api/spotify';
import { ALL_ENTITIES } from '@soulspot/api/schema';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.databaseUrl, entities: ALL_ENTITIES, applicationName: 'soulspot-api' }),
        PlatformModule.forApi(),
        LibraryModule.forApi(),
        MetadataModule.forApi(),
        SpotifyModule.forApi(),
        SoulseekModule.forApi(),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
