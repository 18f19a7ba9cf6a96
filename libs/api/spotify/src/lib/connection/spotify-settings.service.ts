import { Injectable } from '@nestjs/common';
import { EventBus } from '@soulspot/api/core';
import { SettingsRepository } from '@soulspot/api/platform';

export interface SpotifySettings {
  clientId: string | null;
  accountsBaseUrl: string;
  apiBaseUrl: string;
}

export const SPOTIFY_DEFAULTS: SpotifySettings = { clientId: null, accountsBaseUrl: 'https://accounts.spotify.com', apiBaseUrl: 'https://api.spotify.com/v1' };

/** Settings section `spotify`: the user's own app client id and the two hosts (tests point them at the fake). */
@Injectable()
export class SpotifySettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly events: EventBus,
  ) {}

  async get(): Promise<SpotifySettings> {
    const stored = ((await this.repo.get('spotify')) ?? {}) as Partial<SpotifySettings>;
    return { ...SPOTIFY_DEFAULTS, ...Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined && v !== null && v !== '')) };
  }

  async update(patch: Partial<SpotifySettings>): Promise<SpotifySettings> {
    const next = { ...(await this.get()), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as SpotifySettings;
    await this.repo.put('spotify', { ...next });
    await this.events.publish({ type: 'settings.updated', payload: { section: 'spotify' } });
    return next;
  }
}
