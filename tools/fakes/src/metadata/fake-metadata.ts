import { FakeMetadataCatalogue, SeedAlbum, SeedTrackRow } from './catalogue';
import { createArchiveHandler, createCoverArtHandler } from './cover-art.fake';
import { createDeezerHandler, FakeDeezerOptions } from './deezer.fake';
import { FakeMetadataServiceName, LoggedRequest, StartedFakeServer, startFakeServer } from './fake-http';
import { createLastfmHandler, FakeLastfmOptions } from './lastfm.fake';
import { createLrclibHandler } from './lrclib.fake';
import { createMusicBrainzHandler, FakeMusicBrainzOptions } from './musicbrainz.fake';

export interface FakeMetadataOptions {
  /** Start from this catalogue instead of the default demo one (pass `new FakeMetadataCatalogue()` for an empty one). */
  catalogue?: FakeMetadataCatalogue;
  /** Extra albums / flat tracks seeded on top of the catalogue. */
  albums?: SeedAlbum[];
  tracks?: SeedTrackRow[];
  musicBrainz?: FakeMusicBrainzOptions;
  lastfm?: FakeLastfmOptions;
  deezer?: FakeDeezerOptions;
  /** Fixed ports for the standalone runner; tests leave these out and get ephemeral ports. */
  ports?: Partial<Record<FakeMetadataServiceName, number>>;
}

/** Base URLs in the form each client expects (what the real service's base would be). */
export interface FakeMetadataUrls {
  /** like https://musicbrainz.org (clients append /ws/2/...) */
  musicBrainz: string;
  /** like https://coverartarchive.org */
  coverArtArchive: string;
  /** like https://archive.org (redirect target only) */
  archive: string;
  /** like https://lrclib.net (clients append /api/...) */
  lrclib: string;
  /** like https://ws.audioscrobbler.com/2.0/ */
  lastfm: string;
  /** like https://api.deezer.com */
  deezer: string;
}

export interface FakeMetadata {
  urls: FakeMetadataUrls;
  catalogue: FakeMetadataCatalogue;
  /** Every answered request, oldest first. */
  readonly requests: readonly LoggedRequest[];
  requestCount(service?: FakeMetadataServiceName, predicate?: (r: LoggedRequest) => boolean): number;
  clearRequests(): void;
  close(): Promise<void>;
}

/**
 * Starts contract-faithful fakes of MusicBrainz, Cover Art Archive (+ its archive.org host), LRCLIB, Last.fm
 * and Deezer, one `node:http` server each on 127.0.0.1, sharing one catalogue and one request log.
 */
export async function startFakeMetadata(options: FakeMetadataOptions = {}): Promise<FakeMetadata> {
  const catalogue = options.catalogue ?? FakeMetadataCatalogue.withDefaults();
  if (options.albums) catalogue.addAlbums(options.albums);
  if (options.tracks) catalogue.seedFromTracks(options.tracks);
  const log: LoggedRequest[] = [];
  const servers: StartedFakeServer[] = [];
  const urls = {} as FakeMetadataUrls;
  const port = (service: FakeMetadataServiceName) => options.ports?.[service] ?? 0;

  try {
    const mb = await startFakeServer('musicbrainz', createMusicBrainzHandler(catalogue, options.musicBrainz), log, port('musicbrainz'));
    servers.push(mb);
    urls.musicBrainz = mb.baseUrl;
    const caa = await startFakeServer('coverartarchive', createCoverArtHandler(catalogue, () => urls.archive), log, port('coverartarchive'));
    servers.push(caa);
    urls.coverArtArchive = caa.baseUrl;
    const archive = await startFakeServer(
      'archive',
      createArchiveHandler(catalogue, () => urls.archive, () => urls.coverArtArchive),
      log,
      port('archive'),
    );
    servers.push(archive);
    urls.archive = archive.baseUrl;
    const lrclib = await startFakeServer('lrclib', createLrclibHandler(catalogue), log, port('lrclib'));
    servers.push(lrclib);
    urls.lrclib = lrclib.baseUrl;
    const lastfm = await startFakeServer('lastfm', createLastfmHandler(catalogue, options.lastfm), log, port('lastfm'));
    servers.push(lastfm);
    urls.lastfm = `${lastfm.baseUrl}/2.0/`;
    const deezer = await startFakeServer('deezer', createDeezerHandler(catalogue, () => urls.deezer, options.deezer), log, port('deezer'));
    servers.push(deezer);
    urls.deezer = deezer.baseUrl;
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }

  return {
    urls,
    catalogue,
    requests: log,
    requestCount: (service, predicate) =>
      log.filter((r) => (service === undefined || r.service === service) && (predicate === undefined || predicate(r))).length,
    clearRequests: () => {
      log.length = 0;
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
