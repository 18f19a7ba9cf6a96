import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isAbsolute, join } from 'node:path';
import { DataSource } from 'typeorm';
import type { ImportSettings, UpdateImportSettingsRequest } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, EventBus, SecretBox } from '@soulspot/api/core';
import { DEFAULT_TEMPLATES, validateTemplate } from '@soulspot/api/library';

const SECTION = 'import';

export const DEFAULT_PROVIDERS: ImportSettings['providers'] = {
  musicBrainz: 'https://musicbrainz.org',
  coverArtArchive: 'https://coverartarchive.org',
  lrclib: 'https://lrclib.net',
  lastfm: 'https://ws.audioscrobbler.com/2.0/',
  deezer: 'https://api.deezer.com',
};

interface StoredImportSettings extends Partial<Omit<ImportSettings, 'lastfmApiKeySet'>> {
  lastfmApiKeySealed?: string | null;
}

/** Settings plus the decrypted Last.fm key: only for the pipeline, never sent to a client. */
export interface ImportRuntimeSettings extends ImportSettings {
  lastfmApiKey: string | null;
}

/** The `import` settings section (jsonb in `settings`); the Last.fm key is sealed with SecretBox. */
@Injectable()
export class ImportSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: SecretBox,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(): Promise<ImportSettings> {
    const runtime: Partial<ImportRuntimeSettings> = await this.runtime();
    delete runtime.lastfmApiKey;
    return runtime as ImportSettings;
  }

  async runtime(): Promise<ImportRuntimeSettings> {
    const stored = await this.stored();
    const general = await this.section('general');
    const defaultRoot = typeof general?.['libraryPath'] === 'string' ? (general['libraryPath'] as string) : join(this.config.dataDir, 'library');
    let lastfmApiKey: string | null = null;
    if (stored.lastfmApiKeySealed) {
      try {
        lastfmApiKey = this.secrets.decrypt(stored.lastfmApiKeySealed);
      } catch {
        lastfmApiKey = null; // sealed with another SECRET_KEY: treat as not set
      }
    }
    return {
      libraryPath: stored.libraryPath ?? defaultRoot,
      templates: { ...DEFAULT_TEMPLATES, ...stored.templates },
      steps: { musicbrainz: true, coverArt: true, lyrics: true, lastfmGenres: true, ...stored.steps },
      contact: stored.contact ?? this.config.publicUrl,
      lastfmApiKeySet: lastfmApiKey !== null,
      providers: { ...DEFAULT_PROVIDERS, ...stored.providers },
      lastfmApiKey,
    };
  }

  async update(patch: UpdateImportSettingsRequest): Promise<ImportSettings> {
    for (const [kind, template] of Object.entries(patch.templates ?? {})) {
      if (template === undefined) continue;
      const validation = validateTemplate(template);
      if (!validation.valid) {
        throw new BadRequestException({ message: `Invalid ${kind} naming template`, errors: validation.errors.map((e) => `templates.${kind}: ${e.message} (at ${e.index})`) });
      }
    }
    if (patch.libraryPath !== undefined && !isAbsolute(patch.libraryPath)) {
      throw new BadRequestException({ message: 'libraryPath must be an absolute path', errors: ['libraryPath must be an absolute path'] });
    }
    const stored = await this.stored();
    const next: StoredImportSettings = {
      ...stored,
      ...(patch.libraryPath !== undefined ? { libraryPath: patch.libraryPath } : {}),
      ...(patch.contact !== undefined ? { contact: patch.contact } : {}),
      templates: { ...DEFAULT_TEMPLATES, ...stored.templates, ...defined(patch.templates) },
      steps: { musicbrainz: true, coverArt: true, lyrics: true, lastfmGenres: true, ...stored.steps, ...defined(patch.steps) },
      providers: { ...DEFAULT_PROVIDERS, ...stored.providers, ...defined(patch.providers) },
    };
    if (patch.lastfmApiKey !== undefined) {
      next.lastfmApiKeySealed = patch.lastfmApiKey.trim() ? this.secrets.encrypt(patch.lastfmApiKey.trim()) : null;
    }
    await this.db.query(
      'INSERT INTO settings (section, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (section) DO UPDATE SET value = EXCLUDED.value, updated_at = now()',
      [SECTION, JSON.stringify(next)],
    );
    await this.events.publish({ type: 'settings.updated', payload: { section: SECTION } });
    return this.get();
  }

  private async stored(): Promise<StoredImportSettings> {
    return ((await this.section(SECTION)) ?? {}) as StoredImportSettings;
  }

  private async section(name: string): Promise<Record<string, unknown> | null> {
    const rows: { value: Record<string, unknown> }[] = await this.db.query('SELECT value FROM settings WHERE section = $1', [name]);
    return rows[0]?.value ?? null;
  }
}

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
