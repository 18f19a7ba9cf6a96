import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { SlskdSettings, UpdateSlskdSettingsRequest } from '@soulspot/shared/contracts';
import { EventBus, SecretBox } from '@soulspot/api/core';
import { SettingsRepository } from '@soulspot/api/platform';
import { SlskdClient } from '../clients/slskd.client';
import { DEFAULT_SEARCH_BUDGET, type SearchBudgetConfig } from '../search/search-budget';

const SECTION = 'slskd';

interface StoredSlskdSettings {
  url?: string;
  apiKeySealed?: string;
  downloadsPathRemote?: string;
  downloadsPathLocal?: string;
  searchesPerWindow?: number;
  searchWindowSeconds?: number;
  searchMinGapMs?: number;
  searchTimeoutMs?: number;
}

/** MATCHING.md "Search parameters": slskd counts it from the last response. */
export const DEFAULT_SEARCH_TIMEOUT_MS = 8_000;

/** Thrown when a feature needs slskd but no URL/API key has been saved yet. */
export class SlskdNotConfiguredException extends ServiceUnavailableException {
  constructor() {
    super('slskd is not configured: add its URL and API key under Settings → Soulseek');
  }
}

/** The `slskd` settings section: connection, folder mapping and search budget. The API key is sealed at rest. */
@Injectable()
export class SlskdSettingsService {
  private client?: { signature: string; client: SlskdClient };

  constructor(
    private readonly repo: SettingsRepository,
    private readonly secrets: SecretBox,
    private readonly events: EventBus,
  ) {}

  async get(): Promise<SlskdSettings> {
    return this.toView(await this.stored());
  }

  async update(req: UpdateSlskdSettingsRequest): Promise<SlskdSettings> {
    const current = await this.stored();
    const next: StoredSlskdSettings = {
      ...current,
      url: req.url.trim().replace(/\/+$/, ''),
      downloadsPathRemote: req.downloadsPathRemote ?? current.downloadsPathRemote,
      downloadsPathLocal: req.downloadsPathLocal ?? current.downloadsPathLocal,
      searchesPerWindow: req.searchesPerWindow ?? current.searchesPerWindow,
      searchWindowSeconds: req.searchWindowSeconds ?? current.searchWindowSeconds,
      searchMinGapMs: req.searchMinGapMs ?? current.searchMinGapMs,
      searchTimeoutMs: req.searchTimeoutMs ?? current.searchTimeoutMs,
    };
    if (req.apiKey !== undefined) next.apiKeySealed = req.apiKey === '' ? undefined : this.secrets.encrypt(req.apiKey);
    await this.repo.put(SECTION, { ...next });
    await this.events.publish({ type: 'settings.updated', payload: { section: SECTION } });
    return this.toView(next);
  }

  /** Stores slskd's downloads folder as reported by slskd, unless the user already set one. */
  async rememberRemoteDownloadsDir(dir: string): Promise<void> {
    const current = await this.stored();
    if (current.downloadsPathRemote) return;
    await this.repo.put(SECTION, { ...current, downloadsPathRemote: dir });
  }

  async budget(): Promise<SearchBudgetConfig> {
    const s = await this.stored();
    return {
      capacity: s.searchesPerWindow ?? DEFAULT_SEARCH_BUDGET.capacity,
      windowMs: (s.searchWindowSeconds ?? DEFAULT_SEARCH_BUDGET.windowMs / 1000) * 1000,
      minGapMs: s.searchMinGapMs ?? DEFAULT_SEARCH_BUDGET.minGapMs,
    };
  }

  /** A client for the saved settings (re-built when they change); throws when slskd is not configured. */
  async getClient(): Promise<SlskdClient> {
    const s = await this.stored();
    if (!s.url || !s.apiKeySealed) throw new SlskdNotConfiguredException();
    const signature = `${s.url}\n${s.apiKeySealed}`;
    if (this.client?.signature !== signature) {
      // The gate owns 429 handling (it delays the job), so the client does not retry them itself.
      const client = new SlskdClient({ baseUrl: s.url, apiKey: this.secrets.decrypt(s.apiKeySealed), timeoutMs: 10_000, rateLimitRetries: 0 });
      this.client = { signature, client };
    }
    return this.client.client;
  }

  private async stored(): Promise<StoredSlskdSettings> {
    return ((await this.repo.get(SECTION)) ?? {}) as StoredSlskdSettings;
  }

  private toView(s: StoredSlskdSettings): SlskdSettings {
    return {
      url: s.url ?? '',
      hasApiKey: !!s.apiKeySealed,
      downloadsPathRemote: s.downloadsPathRemote ?? '',
      downloadsPathLocal: s.downloadsPathLocal ?? '',
      configured: !!s.url && !!s.apiKeySealed,
      searchesPerWindow: s.searchesPerWindow ?? DEFAULT_SEARCH_BUDGET.capacity,
      searchWindowSeconds: s.searchWindowSeconds ?? DEFAULT_SEARCH_BUDGET.windowMs / 1000,
      searchMinGapMs: s.searchMinGapMs ?? DEFAULT_SEARCH_BUDGET.minGapMs,
      searchTimeoutMs: s.searchTimeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS,
    };
  }
}
