import { Inject, Injectable } from '@nestjs/common';
import { join } from 'node:path';
import type { GeneralSettings, UpdateGeneralSettingsRequest } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, EventBus } from '@soulspot/api/core';
import { SettingsRepository } from './settings.repository';

/** Runtime settings: stored per section, defaults filled in, every change broadcast as an event. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  defaultsGeneral(): GeneralSettings {
    return { instanceName: 'SoulSpot', logLevel: this.config.logLevel, libraryPath: join(this.config.dataDir, 'library') };
  }

  async getGeneral(): Promise<GeneralSettings> {
    const stored = (await this.repo.get('general')) ?? {};
    return { ...this.defaultsGeneral(), ...(stored as Partial<GeneralSettings>) };
  }

  async updateGeneral(patch: UpdateGeneralSettingsRequest): Promise<GeneralSettings> {
    const next = { ...(await this.getGeneral()), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as GeneralSettings;
    await this.repo.put('general', { ...next });
    await this.events.publish({ type: 'settings.updated', payload: { section: 'general' } });
    return next;
  }
}
