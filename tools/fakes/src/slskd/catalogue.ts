import type { FakeSlskdAttribute, FakeSlskdCatalogue, FakeSlskdFile, FakeSlskdPeer } from './types';

/**
 * A default, deterministic catalogue for e2e tests and the demo: a few dozen (invented) artists and albums
 * shared by peers with different clients, formats, naming habits and queues, plus the decoys a matcher must
 * see through (live, remix, karaoke, cover, truncated, wrong-length edits). `DEFAULT_SLSKD_CATALOGUE_ALBUMS` is the
 * ground truth so other fakes (Spotify, MusicBrainz) can serve the same releases.
 */

export interface SlskdCatalogueTrack {
  title: string;
  durationSeconds: number;
  /** Extra credited artists, e.g. for `feat.` tracks. */
  featuring?: string[];
}

export interface SlskdCatalogueAlbum {
  artist: string;
  album: string;
  year: number;
  tracks: SlskdCatalogueTrack[];
}

const t = (title: string, durationSeconds: number, featuring?: string[]): SlskdCatalogueTrack => ({
  title,
  durationSeconds,
  featuring,
});

export const DEFAULT_SLSKD_CATALOGUE_ALBUMS: SlskdCatalogueAlbum[] = [
  { artist: 'Northern Lights Orchestra', album: 'Aurora Suite', year: 2014, tracks: [t('Midnight Sun', 254), t('Polar Drift', 301), t('Glacier Heart', 228), t('Aurora', 342), t('Solstice', 199)] },
  { artist: 'The Velvet Foxes', album: 'Neon Boulevard', year: 2009, tracks: [t('Neon Boulevard', 213), t('Runaway Tonight', 187), t('Live Forever', 241), t('Paper Crowns', 205), t('Last Train Home', 266), t('Static Love', 178)] },
  { artist: 'Mara Quinn', album: 'Glass Houses', year: 2018, tracks: [t('Glass Houses', 224), t('Honey & Smoke', 197), t('Satellite', 236, ['Jonah Bright']), t('Undertow', 251), t('Kintsugi', 209)] },
  { artist: 'Björn Ekdahl', album: 'Skärgård', year: 2011, tracks: [t('Östersjön', 287), t('Midsommar', 243), t('Fyren', 312), t('Hemåt', 198)] },
  { artist: 'DJ Kestrel', album: 'Night Shift', year: 2020, tracks: [t('Night Shift', 368), t('Pulse Width', 402), t('Afterhours', 355), t('Low End Theory', 391)] },
  { artist: 'Hollow Pines', album: 'Cabin Fever', year: 2016, tracks: [t('Cabin Fever', 232), t('Woodsmoke', 276), t('Cold Creek', 219), t('Lantern', 248), t('Snowblind', 263)] },
  { artist: 'Sable & Sparrow', album: 'Wildflower Road', year: 2013, tracks: [t('Wildflower Road', 201), t('Dusty Boots', 176), t('River Song', 233), t('Harvest Moon Waltz', 244)] },
  { artist: 'Kaito Mori', album: 'Tokyo Rain', year: 2019, tracks: [t('Tokyo Rain', 245), t('Shibuya 3AM', 219), t('Neon Koi', 262), t('Last Ramen', 188)] },
  { artist: 'Iron Meridian', album: 'Forge of Stars', year: 2007, tracks: [t('Forge of Stars', 389), t('Hammerfall Road', 312), t('Molten Sky', 297), t('Anvil', 275), t('The Long Night', 461)] },
  { artist: 'Lucía Ferrer', album: 'Corazón de Papel', year: 2015, tracks: [t('Corazón de Papel', 221), t('Malagueña Eléctrica', 238), t('Sin Ti', 203), t('Marea', 256)] },
  { artist: 'Clockwork Atlas', album: 'Gears & Ghosts', year: 2012, tracks: [t('Gears', 271), t('Ghosts in the Machine', 318), t('Brass Lungs', 246), t('Tick', 95)] },
  { artist: 'Ember Lane', album: 'Slow Burn', year: 2021, tracks: [t('Slow Burn', 206), t('Kerosene Kiss', 192), t('Ashes (Interlude)', 74), t('Wildfire', 227), t('Smoke Signals', 214)] },
  { artist: 'The Quiet Harbour', album: 'Tidewater', year: 2010, tracks: [t('Tidewater', 289), t('Lighthouse Keeper', 254), t('Saltwater', 231), t('Fog Bell', 302)] },
  { artist: 'Marcus Vale', album: 'Velvet Hours', year: 2017, tracks: [t('Velvet Hours', 238), t('Bourbon & Blue', 264), t('Late Checkout', 211), t('Smoke Ring', 249)] },
  { artist: 'Pixel Harbor', album: 'Arcade Summer', year: 2022, tracks: [t('Arcade Summer', 198), t('Insert Coin', 176), t('High Score', 203), t('Game Over (Continue?)', 187)] },
  { artist: 'Anouk Delacroix', album: 'Boulevard Saint-Michel', year: 2008, tracks: [t('Boulevard Saint-Michel', 233), t('Café Noir', 205), t('Pluie d\'été', 241), t('Les Étoiles', 259)] },
  { artist: 'Red Canyon Revival', album: 'Dust Devil', year: 2014, tracks: [t('Dust Devil', 226), t('Rattlesnake Shake', 198), t('Mesa', 271), t('Highway 89', 244)] },
  { artist: 'Selene Park', album: 'Moonlit', year: 2023, tracks: [t('Moonlit', 201), t('Eclipse', 214), t('Tidal Lock', 229), t('Crescent', 186)] },
  { artist: 'Obsidian Choir', album: 'Requiem for Neon', year: 2019, tracks: [t('Requiem for Neon', 412), t('Vesper', 287), t('Cathedral Static', 344)] },
  { artist: 'Jonah Bright', album: 'Paper Planes & Porch Lights', year: 2016, tracks: [t('Porch Lights', 212), t('Paper Planes', 197), t('Satellite', 236, ['Mara Quinn']), t('Home Again', 224)] },
  { artist: 'Tessellate', album: 'Fractal Bloom', year: 2018, tracks: [t('Fractal Bloom', 331), t('Mandelbrot', 298), t('Penrose Steps', 276)] },
  { artist: 'Golden Hour Club', album: 'Sunset Tapes', year: 2020, tracks: [t('Sunset Tapes', 219), t('Polaroid', 193), t('Coastline', 241), t('Golden Hour', 228), t('Rewind', 205)] },
  { artist: 'Václav Novák Trio', album: 'Vltava Nights', year: 2012, tracks: [t('Vltava', 384), t('Karlův most', 322), t('Nocturne in Blue', 297)] },
  { artist: 'Stray Signals', album: 'Radio Silence', year: 2015, tracks: [t('Radio Silence', 244), t('Frequency', 221), t('Dead Air', 198), t('Transmission', 263)] },
];

/** Tracks with versions that exist as decoys: [artist, title, kind, version label]. */
const DECOYS: [string, string, 'live' | 'remix' | 'karaoke' | 'cover' | 'truncated' | 'edit', string][] = [
  ['The Velvet Foxes', 'Runaway Tonight', 'live', 'Live at Brixton'],
  ['The Velvet Foxes', 'Neon Boulevard', 'remix', 'DJ Kestrel Remix'],
  ['The Velvet Foxes', 'Neon Boulevard', 'karaoke', 'Karaoke Version'],
  ['Mara Quinn', 'Glass Houses', 'cover', 'Cover'],
  ['Mara Quinn', 'Glass Houses', 'karaoke', 'Karaoke Version'],
  ['Mara Quinn', 'Undertow', 'live', 'Live'],
  ['Northern Lights Orchestra', 'Midnight Sun', 'remix', 'Extended Mix'],
  ['Northern Lights Orchestra', 'Midnight Sun', 'truncated', ''],
  ['Hollow Pines', 'Cabin Fever', 'edit', 'Radio Edit'],
  ['Hollow Pines', 'Woodsmoke', 'truncated', ''],
  ['Ember Lane', 'Slow Burn', 'live', 'Acoustic Live'],
  ['Ember Lane', 'Wildfire', 'remix', 'Club Remix'],
  ['Kaito Mori', 'Tokyo Rain', 'cover', 'Piano Cover'],
  ['Golden Hour Club', 'Polaroid', 'edit', 'Radio Edit'],
  ['Golden Hour Club', 'Golden Hour', 'karaoke', 'Instrumental'],
  ['Iron Meridian', 'Forge of Stars', 'live', 'Live'],
  ['Selene Park', 'Eclipse', 'remix', 'Remix'],
  ['Stray Signals', 'Frequency', 'truncated', ''],
];

/** mulberry32: tiny deterministic PRNG so every run produces the same catalogue. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters Windows peers cannot have in names are replaced as their file managers do. */
const safe = (name: string) => name.replace(/[\\/:*?"<>|]/g, '_').replace(/\s+/g, ' ').trim();
const nn = (n: number) => String(n).padStart(2, '0');

type Format = 'flac' | 'flac24' | 'mp3-320' | 'mp3-v0' | 'mp3-128' | 'ogg' | 'opus' | 'm4a';

interface PeerStyle {
  username: string;
  format: Format;
  layout: (a: SlskdCatalogueAlbum, n: number, tr: SlskdCatalogueTrack, ext: string) => string;
  uploadSpeed: number;
  queueLength: number;
  hasFreeUploadSlot: boolean;
  reportedAttributes?: FakeSlskdAttribute[];
  reportsExtension?: boolean;
  online?: boolean;
  /** Fraction of albums this peer shares. */
  coverage: number;
  sidecars?: boolean;
  lockedShare?: boolean;
}

const STYLES: PeerStyle[] = [
  { username: 'flacvault', format: 'flac', coverage: 0.8, uploadSpeed: 4_500_000, queueLength: 0, hasFreeUploadSlot: true, sidecars: true,
    layout: (a, n, tr, ext) => `@@qzkfp\\Music\\${safe(a.artist)}\\${a.year} - ${safe(a.album)}\\${nn(n)} - ${safe(tr.title)}.${ext}` },
  { username: 'bob_320', format: 'mp3-320', coverage: 0.7, uploadSpeed: 1_200_000, queueLength: 2, hasFreeUploadSlot: true,
    layout: (a, n, tr, ext) => `C:\\Users\\Bob\\Music\\${safe(a.artist)} - ${safe(a.album)} (${a.year})\\${safe(a.artist)} - ${nn(n)} - ${safe(tr.title)}.${ext}` },
  { username: 'vbr.enjoyer', format: 'mp3-v0', coverage: 0.6, uploadSpeed: 800_000, queueLength: 0, hasFreeUploadSlot: true, reportsExtension: false,
    layout: (a, n, tr, ext) => `Music\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)} ${safe(tr.title)}.${ext}` },
  { username: 'audiophile_24', format: 'flac24', coverage: 0.35, uploadSpeed: 9_000_000, queueLength: 0, hasFreeUploadSlot: true,
    layout: (a, n, tr, ext) => `@@hires\\Lossless\\${safe(a.artist)} - ${safe(a.album)} [${a.year}] [24-96 FLAC]\\${nn(n)}. ${safe(tr.title)}.${ext}` },
  { username: 'slow_but_complete', format: 'flac', coverage: 1, uploadSpeed: 90_000, queueLength: 48, hasFreeUploadSlot: false,
    layout: (a, n, tr, ext) => `@@zzpl\\shared\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)} - ${safe(a.artist)} - ${safe(tr.title)}.${ext}` },
  { username: 'no_attributes', format: 'mp3-320', coverage: 0.5, uploadSpeed: 600_000, queueLength: 1, hasFreeUploadSlot: true, reportedAttributes: [],
    layout: (a, n, tr, ext) => `D:\\mp3\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)}-${safe(tr.title).toLowerCase().replace(/ /g, '_')}.${ext}` },
  { username: 'oggvorbis', format: 'ogg', coverage: 0.3, uploadSpeed: 700_000, queueLength: 0, hasFreeUploadSlot: true,
    layout: (a, n, tr, ext) => `@@ogg\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)} - ${safe(tr.title)}.${ext}` },
  { username: 'opus_minimalist', format: 'opus', coverage: 0.25, uploadSpeed: 1_500_000, queueLength: 0, hasFreeUploadSlot: true, reportedAttributes: ['length', 'bitRate'],
    layout: (a, n, tr, ext) => `@@opus\\${safe(a.artist)} - ${safe(a.album)}\\${nn(n)} ${safe(tr.title)}.${ext}` },
  { username: 'itunes_refugee', format: 'm4a', coverage: 0.35, uploadSpeed: 2_000_000, queueLength: 3, hasFreeUploadSlot: true,
    layout: (a, n, tr, ext) => `@@itl\\iTunes\\iTunes Media\\Music\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)} ${safe(tr.title)}.${ext}` },
  { username: 'lowbitrate_larry', format: 'mp3-128', coverage: 0.6, uploadSpeed: 300_000, queueLength: 5, hasFreeUploadSlot: false,
    layout: (a, n, tr, ext) => `@@lrry\\Downloads\\${safe(a.artist)} - ${safe(tr.title)}.${ext}` },
  { username: 'buddies_only', format: 'flac', coverage: 0.4, uploadSpeed: 5_000_000, queueLength: 0, hasFreeUploadSlot: true, lockedShare: true,
    layout: (a, n, tr, ext) => `@@lckd\\Private\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)} - ${safe(tr.title)}.${ext}` },
  { username: 'ghost_peer', format: 'flac', coverage: 0.5, uploadSpeed: 3_000_000, queueLength: 0, hasFreeUploadSlot: true, online: false,
    layout: (a, n, tr, ext) => `@@ghst\\Music\\${safe(a.artist)}\\${safe(a.album)}\\${nn(n)} - ${safe(tr.title)}.${ext}` },
];

function formatDetails(format: Format, duration: number, rnd: () => number): Omit<FakeSlskdFile, 'path'> & { ext: string } {
  const jitter = 0.9 + rnd() * 0.2;
  switch (format) {
    case 'flac':
      return { ext: 'flac', length: duration, sampleRate: 44100, bitDepth: 16, size: Math.round(duration * 110_000 * jitter) };
    case 'flac24':
      return { ext: 'flac', length: duration, sampleRate: 96000, bitDepth: 24, size: Math.round(duration * 420_000 * jitter) };
    case 'mp3-320':
      return { ext: 'mp3', length: duration, bitRate: 320, isVariableBitRate: false, size: Math.round(duration * 40_000 + 4096) };
    case 'mp3-v0': {
      const bitRate = 230 + Math.round(rnd() * 30);
      return { ext: 'mp3', length: duration, bitRate, isVariableBitRate: true, size: Math.round((duration * bitRate * 1000) / 8) };
    }
    case 'mp3-128':
      return { ext: 'mp3', length: duration, bitRate: 128, isVariableBitRate: false, size: Math.round(duration * 16_000 + 4096) };
    case 'ogg':
      return { ext: 'ogg', length: duration, bitRate: 192, isVariableBitRate: true, sampleRate: 44100, size: Math.round(duration * 24_000 * jitter) };
    case 'opus':
      return { ext: 'opus', length: duration, bitRate: 128, isVariableBitRate: true, sampleRate: 48000, size: Math.round(duration * 16_000 * jitter) };
    case 'm4a':
      return { ext: 'm4a', length: duration, bitRate: 256, isVariableBitRate: false, sampleRate: 44100, size: Math.round(duration * 32_000 * jitter) };
  }
}

export interface DefaultSlskdCatalogueOptions {
  seed?: number;
}

/** Builds the default catalogue. Same seed → same peers, paths and sizes. */
export function generateDefaultSlskdCatalogue(options: DefaultSlskdCatalogueOptions = {}): FakeSlskdCatalogue {
  const rnd = prng(options.seed ?? 20240601);
  const peers: FakeSlskdPeer[] = [];

  for (const style of STYLES) {
    const files: FakeSlskdFile[] = [];
    DEFAULT_SLSKD_CATALOGUE_ALBUMS.forEach((album) => {
      if (rnd() > style.coverage) return;
      album.tracks.forEach((track, index) => {
        // Peers rarely have every track; the low-bitrate collector only keeps singles.
        if (style.username !== 'flacvault' && rnd() < 0.08) return;
        const details = formatDetails(style.format, track.durationSeconds, rnd);
        const { ext, ...file } = details;
        files.push({ ...file, path: style.layout(album, index + 1, track, ext), locked: style.lockedShare });
      });
      if (style.sidecars) {
        const folder = style.layout(album, 1, album.tracks[0], 'x').replace(/\\[^\\]*$/, '');
        files.push({ path: `${folder}\\cover.jpg`, size: 184_223 });
        files.push({ path: `${folder}\\${safe(album.artist)} - ${safe(album.album)}.cue`, size: 1_204 });
      }
    });
    peers.push({
      username: style.username,
      uploadSpeed: style.uploadSpeed,
      queueLength: style.queueLength,
      hasFreeUploadSlot: style.hasFreeUploadSlot,
      reportedAttributes: style.reportedAttributes,
      reportsExtension: style.reportsExtension,
      online: style.online,
      files,
    });
  }

  peers.push(...decoyPeers(rnd));
  return { peers };
}

function findTrack(artist: string, title: string): { album: SlskdCatalogueAlbum; track: SlskdCatalogueTrack; n: number } {
  for (const album of DEFAULT_SLSKD_CATALOGUE_ALBUMS) {
    const index = album.tracks.findIndex((tr) => tr.title === title);
    if (album.artist === artist && index >= 0) return { album, track: album.tracks[index], n: index + 1 };
  }
  throw new Error(`decoy refers to unknown track ${artist} - ${title}`);
}

/** Peers whose files look right at a glance but are the wrong recording or a broken upload. */
function decoyPeers(rnd: () => number): FakeSlskdPeer[] {
  const byKind: Record<string, FakeSlskdFile[]> = {};
  const add = (user: string, file: FakeSlskdFile) => (byKind[user] ??= []).push(file);
  for (const [artist, title, kind, label] of DECOYS) {
    const { album, track, n } = findTrack(artist, title);
    const a = safe(artist);
    const ti = safe(title);
    switch (kind) {
      case 'live': {
        const len = track.durationSeconds + 25 + Math.round(rnd() * 40);
        add('bootleg_bob', { path: `@@btlg\\Bootlegs\\${a} - ${label} (${album.year + 3})\\${nn(n)} - ${ti} (${label}).mp3`, size: len * 40_000, length: len, bitRate: 320, isVariableBitRate: false });
        break;
      }
      case 'remix': {
        const len = track.durationSeconds + 90 + Math.round(rnd() * 60);
        add('remix_realm', { path: `@@rmx\\12 inches\\${a} - ${ti} (${label}).flac`, size: len * 110_000, length: len, sampleRate: 44100, bitDepth: 16 });
        break;
      }
      case 'karaoke': {
        const len = track.durationSeconds + Math.round(rnd() * 4) - 2;
        add('karaoke_kingdom', { path: `@@krk\\Karaoke Hits Vol. ${n}\\${nn(n)} - ${ti} (${label}) [In the Style of ${a}].mp3`, size: len * 40_000, length: len, bitRate: 320, isVariableBitRate: false });
        break;
      }
      case 'cover': {
        const len = track.durationSeconds + Math.round(rnd() * 20) - 10;
        add('cover_stories', { path: `@@cvr\\Covers\\Acoustic Café\\${ti} (${a} ${label}).mp3`, size: len * 40_000, length: len, bitRate: 256, isVariableBitRate: false });
        break;
      }
      case 'truncated': {
        // Header claims the full length and size, but the audio stops early.
        add('truncated_tim', {
          path: `@@trnc\\Music\\${a}\\${safe(album.album)}\\${nn(n)} - ${ti}.mp3`,
          size: track.durationSeconds * 40_000,
          length: track.durationSeconds,
          actualDurationSeconds: Math.round(track.durationSeconds * 0.4),
          bitRate: 320,
          isVariableBitRate: false,
        });
        break;
      }
      case 'edit': {
        const len = track.durationSeconds - 45;
        add('radio_rips', { path: `@@radio\\Radio\\${a} - ${ti} (${label}).mp3`, size: len * 24_000, length: len, bitRate: 192, isVariableBitRate: false });
        break;
      }
    }
  }
  const profile: Record<string, Omit<FakeSlskdPeer, 'username' | 'files'>> = {
    bootleg_bob: { uploadSpeed: 2_000_000, queueLength: 0, hasFreeUploadSlot: true },
    remix_realm: { uploadSpeed: 3_500_000, queueLength: 0, hasFreeUploadSlot: true },
    karaoke_kingdom: { uploadSpeed: 6_000_000, queueLength: 0, hasFreeUploadSlot: true },
    cover_stories: { uploadSpeed: 1_000_000, queueLength: 1, hasFreeUploadSlot: true },
    truncated_tim: { uploadSpeed: 5_000_000, queueLength: 0, hasFreeUploadSlot: true },
    radio_rips: { uploadSpeed: 2_500_000, queueLength: 0, hasFreeUploadSlot: true },
  };
  return Object.entries(byKind).map(([username, files]) => ({ username, ...profile[username], files }));
}
