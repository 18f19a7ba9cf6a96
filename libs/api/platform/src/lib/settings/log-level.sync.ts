import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { EventBus, setProcessLogLevel } from '@soulspot/api/core';
import { SettingsService } from './settings.service';

/** Applies the log level from the runtime settings in this process, at start and whenever it changes. */
@Injectable()
export class LogLevelSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LogLevelSync.name);
  private sub?: Subscription;

  constructor(
    private readonly settings: SettingsService,
    private readonly events: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.apply();
    this.sub = this.events.on('settings.updated').subscribe((e) => {
      if (e.payload.section === 'general') void this.apply();
    });
  }

  private async apply(): Promise<void> {
    try {
      const { logLevel } = await this.settings.getGeneral();
      setProcessLogLevel(logLevel);
    } catch (e) {
      this.logger.warn(`could not read the log level setting: ${(e as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.sub?.unsubscribe();
  }
}
