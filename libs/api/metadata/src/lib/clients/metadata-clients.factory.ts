import { CoverArtArchiveClient } from './cover-art-archive.client';
import { DeezerClient } from './deezer.client';
import { soulSpotUserAgent } from './http';
import { LastfmClient } from './lastfm.client';
import { LrclibClient } from './lrclib.client';
import { MetadataCache } from './metadata-cache';
import { MusicBrainzClient } from './musicbrainz.client';
import { processRateGate, RateGate } from './rate-gate';

/** What the app's validated config supplies; base URLs are only set to point at the fakes. */
export interface MetadataClientsConfig {
  appVersion: string;
  /** URL or mailto: MusicBrainz can reach the operator at. */
  contact: string;
  musicBrainzUrl?: string;
  coverArtArchiveUrl?: string;
  lrclibUrl?: string;
  lastfmUrl?: string;
  deezerUrl?: string;
  /** Last.fm is disabled without a key. */
  lastfmApiKey?: string | null;
  /** Default 1000 (1 request/s). */
  musicBrainzMinIntervalMs?: number;
  /** MusicBrainz gate shared across processes (RedisRateGate); default the process-wide gate at musicBrainzMinIntervalMs. */
  musicBrainzGate?: RateGate;
  /** Shared MusicBrainz cache; default an in-memory LRU. */
  cache?: MetadataCache;
  timeoutMs?: number;
}

export interface MetadataClients {
  musicBrainz: MusicBrainzClient;
  coverArt: CoverArtArchiveClient;
  lrclib: LrclibClient;
  lastfm: LastfmClient;
  deezer: DeezerClient;
}

/**
 * Builds every metadata client with one identifying User-Agent and the process-wide gates (MusicBrainz at
 * 1 request/s, Deezer at ~8 requests/s to stay under 50 per 5 s). Meant to back Nest providers.
 */
export function createMetadataClients(config: MetadataClientsConfig): MetadataClients {
  const userAgent = soulSpotUserAgent(config.appVersion, config.contact);
  const timeoutMs = config.timeoutMs;
  return {
    musicBrainz: new MusicBrainzClient({
      baseUrl: config.musicBrainzUrl,
      userAgent,
      timeoutMs,
      rateGate: config.musicBrainzGate ?? processRateGate('musicbrainz', config.musicBrainzMinIntervalMs ?? 1000),
      cache: config.cache,
    }),
    coverArt: new CoverArtArchiveClient({ baseUrl: config.coverArtArchiveUrl, userAgent, timeoutMs }),
    lrclib: new LrclibClient({ baseUrl: config.lrclibUrl, userAgent, timeoutMs }),
    lastfm: new LastfmClient({ baseUrl: config.lastfmUrl, apiKey: config.lastfmApiKey, userAgent, timeoutMs }),
    deezer: new DeezerClient({ baseUrl: config.deezerUrl, userAgent, timeoutMs, rateGate: processRateGate('deezer', 120) }),
  };
}
