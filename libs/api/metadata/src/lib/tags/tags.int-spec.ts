import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioReadError, AudioWriteError, readAudioInfo, writeTags, type TrackTags } from './index';

jest.setTimeout(60_000);

let dir: string;
let cover: Buffer;
let backCover: Buffer;

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

/** The interpreter that has mutagen: the one named in mutagen-inspect's shebang (pyenv shims may lack it). */
function mutagenPython(): string {
  const script = run('sh', ['-c', 'command -v mutagen-inspect']).trim();
  return readFileSync(script, 'utf8').split('\n')[0].replace(/^#!\s*/, '').trim();
}

const CODEC_ARGS: Record<string, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  flac: ['-c:a', 'flac'],
  m4a: ['-c:a', 'aac', '-f', 'mp4'],
  ogg: ['-c:a', 'libvorbis'],
  opus: ['-c:a', 'libopus'],
};

/** A real 2-second tone made by ffmpeg; `extra` adds tags the "previous tagger" wrote. */
function makeAudio(name: string, ext: keyof typeof CODEC_ARGS, extra: string[] = []): string {
  const path = join(dir, `${name}.${ext}`);
  run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', ...CODEC_ARGS[ext], ...extra, path]);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'soulspot-tags-'));
  run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=16x16', '-frames:v', '1', join(dir, 'cover.jpg')]);
  run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=blue:s=8x8', '-frames:v', '1', join(dir, 'back.png')]);
  cover = readFileSync(join(dir, 'cover.jpg'));
  backCover = readFileSync(join(dir, 'back.png'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TITLE = '日本語のタイトル — Ελληνικά 🎧 مرحبا بالعالم';
const FULL_TAGS = (): TrackTags => ({
  title: TITLE,
  artists: ['宇多田ヒカル', 'Σωκράτης', 'فيروز 🎤'],
  albumArtist: 'Various Artists',
  album: 'Album ✨',
  trackNumber: 3,
  trackTotal: 12,
  discNumber: 2,
  discTotal: 2,
  date: '2019-07-05',
  genres: ['J-Pop', 'Rock'],
  isrc: 'JPU901900001',
  compilation: true,
  lyrics: 'first line\nسطر ثان',
  musicBrainz: {
    recordingId: '11111111-1111-4111-8111-111111111111',
    releaseId: '22222222-2222-4222-8222-222222222222',
    releaseGroupId: '33333333-3333-4333-8333-333333333333',
    artistIds: ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'],
    albumArtistIds: ['89ad4ac3-39f7-470e-963a-56509c546377'],
    releaseTrackId: '66666666-6666-4666-8666-666666666666',
  },
  frontCover: { data: cover, mimeType: 'image/jpeg' },
});

describe('writeTags + readAudioInfo round trip on real files', () => {
  it.each(['mp3', 'flac', 'm4a', 'ogg', 'opus'] as const)('%s: every field reads back through music-metadata', async (ext) => {
    const path = makeAudio('roundtrip', ext);
    const tags = FULL_TAGS();
    const result = await writeTags(path, tags);
    expect(result.written).toEqual(expect.arrayContaining(['title', 'artists', 'frontCover', 'musicBrainz.releaseTrackId']));

    const info = await readAudioInfo(path);
    expect(info.durationSeconds).toBeGreaterThan(1.9);
    expect(info.tags).toMatchObject({
      title: TITLE,
      artists: tags.artists,
      albumArtist: 'Various Artists',
      album: 'Album ✨',
      trackNumber: 3,
      trackTotal: 12,
      discNumber: 2,
      discTotal: 2,
      date: '2019-07-05',
      year: 2019,
      isrc: 'JPU901900001',
      compilation: true,
      hasFrontCover: true,
      lyrics: tags.lyrics,
      musicBrainz: {
        recordingId: tags.musicBrainz?.recordingId,
        releaseId: tags.musicBrainz?.releaseId,
        releaseGroupId: tags.musicBrainz?.releaseGroupId,
        artistIds: tags.musicBrainz?.artistIds,
        albumArtistIds: tags.musicBrainz?.albumArtistIds,
        releaseTrackId: tags.musicBrainz?.releaseTrackId,
      },
    });
    // MP4 ©gen is a single string, taglib joins multi-genres with "; ".
    expect(info.tags.genres.join('; ')).toBe('J-Pop; Rock');
  });

  it('writing the same tags twice changes nothing the second time', async () => {
    const path = makeAudio('idempotent', 'flac');
    await writeTags(path, FULL_TAGS());
    const before = readFileSync(path);
    const second = await writeTags(path, FULL_TAGS());
    expect(second.written).toEqual([]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('MP3: ID3v2.4 only, checked with mutagen', () => {
  it('writes null-separated multi-value TPE1, TSRC, TXXX MusicBrainz frames, UFID and an APIC, and no ID3v1', async () => {
    // The previous tagger left an ID3v2.3 tag *and* an ID3v1 tag.
    const path = makeAudio('id3', 'mp3', ['-write_id3v1', '1', '-id3v2_version', '3', '-metadata', 'title=Old']);
    expect(readFileSync(path).subarray(-128, -125).toString('latin1')).toBe('TAG');

    await writeTags(path, FULL_TAGS());

    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
    expect(bytes[3]).toBe(4); // major version byte: ID3v2.4
    expect(bytes.subarray(-128, -125).toString('latin1')).not.toBe('TAG');

    // mutagen shows the frame list as Python reprs; this proves each value is separate, not a joined string.
    const frames = run(mutagenPython(), [
      '-c',
      'import sys,json; from mutagen.id3 import ID3; t=ID3(sys.argv[1]); ' +
        'print(json.dumps({"version": list(t.version), "TPE1": t["TPE1"].text, "TSRC": t["TSRC"].text, ' +
        '"TDRC": [str(x) for x in t["TDRC"].text], "TCMP": t["TCMP"].text, "TCON": t["TCON"].text, ' +
        '"artistIds": t["TXXX:MusicBrainz Artist Id"].text, "albumId": t["TXXX:MusicBrainz Album Id"].text, ' +
        '"rtid": t["TXXX:MusicBrainz Release Track Id"].text, "rgid": t["TXXX:MusicBrainz Release Group Id"].text, ' +
        '"ufid": t["UFID:http://musicbrainz.org"].data.decode(), "apic": [(a.mime, a.type, len(a.data)) for a in t.getall("APIC")], ' +
        '"uslt": [u.text for u in t.getall("USLT")]}, ensure_ascii=False))',
      path,
    ]);
    const id3 = JSON.parse(frames) as Record<string, unknown>;
    expect(id3).toEqual({
      version: [2, 4, 0],
      TPE1: ['宇多田ヒカル', 'Σωκράτης', 'فيروز 🎤'],
      TSRC: ['JPU901900001'],
      TDRC: ['2019-07-05'],
      TCMP: ['1'],
      TCON: ['J-Pop', 'Rock'],
      artistIds: ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'],
      albumId: ['22222222-2222-4222-8222-222222222222'],
      rtid: ['66666666-6666-4666-8666-666666666666'],
      rgid: ['33333333-3333-4333-8333-333333333333'],
      ufid: '11111111-1111-4111-8111-111111111111',
      apic: [['image/jpeg', 3, cover.length]],
      uslt: ['first line\nسطر ثان'],
    });
    expect(run('mid3v2', ['-l', path])).toContain('TIT2=日本語のタイトル');
  });

  it('salvages what only an ID3v1 tag knew into ID3v2.4, then drops ID3v1', async () => {
    // A bare MP3 plus a hand-made 128-byte ID3v1 block, as old rippers left them.
    const path = makeAudio('v1only', 'mp3', ['-id3v2_version', '0', '-map_metadata', '-1', '-fflags', '+bitexact']);
    const field = (text: string, size: number): Buffer => Buffer.concat([Buffer.from(text, 'latin1'), Buffer.alloc(size)]).subarray(0, size);
    const id3v1 = Buffer.concat([Buffer.from('TAG'), field('Old Title', 30), field('Old Artist', 30), field('Old Album', 30), field('1999', 4), field('', 30), Buffer.from([255])]);
    writeFileSync(path, Buffer.concat([readFileSync(path), id3v1]));
    expect(run('mutagen-inspect', [path])).toContain('TPE1=Old Artist');
    const result = await writeTags(path, { isrc: 'GBAYE0000002' });
    expect(result.written).toEqual(['id3v1Removed', 'isrc']);
    const listing = run('mutagen-inspect', [path]);
    expect(listing).toContain('TPE1=Old Artist');
    expect(listing).toContain('TIT2=Old Title');
    expect(listing).toContain('TSRC=GBAYE0000002');
    expect(readFileSync(path).subarray(-128, -125).toString('latin1')).not.toBe('TAG');
  });

  it('keeps frames it does not manage (replaygain, comments) and fields not given', async () => {
    const path = makeAudio('merge', 'mp3', [
      '-metadata', 'album=Kept Album',
      '-metadata', 'comment=keep this comment',
      '-metadata', 'REPLAYGAIN_TRACK_GAIN=-6.50 dB',
    ]);
    await writeTags(path, { title: 'New Title', isrc: 'GBAYE0000001' });
    const listing = run('mutagen-inspect', [path]);
    expect(listing).toContain('TIT2=New Title');
    expect(listing).toContain('TALB=Kept Album');
    expect(listing).toContain('REPLAYGAIN_TRACK_GAIN=-6.50 dB');
    expect(listing).toContain('keep this comment');
  });
});

describe('FLAC: Vorbis comments and a PICTURE block, checked with metaflac', () => {
  it('writes one field per value and a front-cover PICTURE block', async () => {
    const path = makeAudio('vorbis', 'flac', ['-metadata', 'REPLAYGAIN_ALBUM_GAIN=-7.00 dB']);
    await writeTags(path, FULL_TAGS());
    const fields = run('metaflac', ['--export-tags-to=-', path]).trim().split('\n');
    expect(fields.filter((f) => f.startsWith('ARTIST='))).toEqual(['ARTIST=宇多田ヒカル', 'ARTIST=Σωκράτης', 'ARTIST=فيروز 🎤']);
    expect(fields).toEqual(
      expect.arrayContaining([
        `TITLE=${TITLE}`,
        'ALBUMARTIST=Various Artists',
        'TRACKNUMBER=3',
        'TRACKTOTAL=12',
        'DISCNUMBER=2',
        'DISCTOTAL=2',
        'DATE=2019-07-05',
        'GENRE=J-Pop',
        'GENRE=Rock',
        'ISRC=JPU901900001',
        'COMPILATION=1',
        'MUSICBRAINZ_TRACKID=11111111-1111-4111-8111-111111111111',
        'MUSICBRAINZ_ALBUMID=22222222-2222-4222-8222-222222222222',
        'MUSICBRAINZ_RELEASEGROUPID=33333333-3333-4333-8333-333333333333',
        'MUSICBRAINZ_ARTISTID=44444444-4444-4444-8444-444444444444',
        'MUSICBRAINZ_ARTISTID=55555555-5555-4555-8555-555555555555',
        'MUSICBRAINZ_ALBUMARTISTID=89ad4ac3-39f7-470e-963a-56509c546377',
        'MUSICBRAINZ_RELEASETRACKID=66666666-6666-4666-8666-666666666666',
        'REPLAYGAIN_ALBUM_GAIN=-7.00 dB',
      ]),
    );
    const pictures = run('metaflac', ['--list', '--block-type=PICTURE', path]);
    expect(pictures).toContain('type: 3 (Cover (front))');
    expect(pictures).toContain('MIME type: image/jpeg');
    expect(pictures).toContain(`data length: ${cover.length}`);
  });

  it('replacing the front cover keeps a back cover, and null removes only the front cover', async () => {
    const path = makeAudio('covers', 'flac');
    run('metaflac', [`--import-picture-from=4|image/png|back||${join(dir, 'back.png')}`, path]);
    await writeTags(path, { frontCover: { data: cover, mimeType: 'image/jpeg' } });
    let pictures = run('metaflac', ['--list', '--block-type=PICTURE', path]);
    expect(pictures).toContain('type: 3 (Cover (front))');
    expect(pictures).toContain(`type: 4 (Cover (back))`);
    expect(pictures).toContain(`data length: ${backCover.length}`);

    await writeTags(path, { frontCover: null });
    pictures = run('metaflac', ['--list', '--block-type=PICTURE', path]);
    expect(pictures).not.toContain('Cover (front)');
    expect(pictures).toContain('Cover (back)');
  });

  it('null removes a field, undefined leaves it alone', async () => {
    const path = makeAudio('nulls', 'flac');
    await writeTags(path, { title: 'T', isrc: 'USAAA0000001', genres: ['Jazz'] });
    await writeTags(path, { isrc: null, genres: undefined });
    const fields = run('metaflac', ['--export-tags-to=-', path]);
    expect(fields).not.toContain('ISRC=');
    expect(fields).toContain('GENRE=Jazz');
    expect(fields).toContain('TITLE=T');
  });

  it('fill mode keeps an existing front cover', async () => {
    const path = makeAudio('fillcover', 'flac');
    run('metaflac', [`--import-picture-from=3|image/png|theirs||${join(dir, 'back.png')}`, path]);
    const result = await writeTags(path, { frontCover: { data: cover, mimeType: 'image/jpeg' } }, { mode: 'fill' });
    expect(result.keptExisting).toEqual(['frontCover']);
    const pictures = run('metaflac', ['--list', '--block-type=PICTURE', path]);
    expect(pictures).toContain('MIME type: image/png');
    expect(pictures).not.toContain('image/jpeg');
  });

  it('a year-only date is written as just the year', async () => {
    const path = makeAudio('year', 'mp3');
    await writeTags(path, { date: '1984' });
    expect(run('mutagen-inspect', [path])).toContain('TDRC=1984');
    expect((await readAudioInfo(path)).tags).toMatchObject({ year: 1984, date: '1984' });
  });

  it('fill mode keeps a hand-tagged value and reports it', async () => {
    const path = makeAudio('fill', 'flac', ['-metadata', 'title=Hand Typed', '-metadata', 'album=Hand Album']);
    const result = await writeTags(path, { title: 'Ours', album: 'Hand Album', isrc: 'USAAA0000002' }, { mode: 'fill' });
    expect(result.keptExisting).toEqual(['title']);
    expect(result.written).toEqual(['isrc']);
    const fields = run('metaflac', ['--export-tags-to=-', path]);
    expect(fields).toContain('TITLE=Hand Typed');
    expect(fields).toContain('ISRC=USAAA0000002');
  });
});

describe('M4A / Ogg Vorbis / Opus checked with ffprobe and exiftool', () => {
  function ffprobeTags(path: string): Record<string, string> {
    const json = JSON.parse(run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-print_format', 'json', path])) as {
      format: { tags?: Record<string, string> };
      streams: Array<{ codec_name: string; codec_type: string; tags?: Record<string, string> }>;
    };
    const audio = json.streams.find((s) => s.codec_type === 'audio');
    // Ogg keeps comments on the stream, MP4 on the container; normalise the key case.
    const all = { ...(audio?.tags ?? {}), ...(json.format.tags ?? {}) };
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));
  }

  it('m4a is AAC in MP4 and gets iTunes atoms incl. freeform MusicBrainz ids and a cover', async () => {
    const path = makeAudio('atoms', 'm4a', ['-metadata', 'comment=keep this', '-metadata', 'composer=Kept Composer']);
    const codec = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-print_format', 'json', path])) as { streams: Array<{ codec_name: string }> };
    expect(codec.streams[0].codec_name).toBe('aac');
    await writeTags(path, FULL_TAGS());
    const tags = ffprobeTags(path);
    expect(tags).toMatchObject({
      title: TITLE,
      album_artist: 'Various Artists',
      track: '3/12',
      disc: '2/2',
      date: '2019-07-05',
      compilation: '1',
      isrc: 'JPU901900001',
      'musicbrainz track id': '11111111-1111-4111-8111-111111111111',
      'musicbrainz release track id': '66666666-6666-4666-8666-666666666666',
      'musicbrainz release group id': '33333333-3333-4333-8333-333333333333',
    });
    expect(tags['artist']).toBe('宇多田ヒカル; Σωκράτης; فيروز 🎤');
    // Atoms we do not manage survive the rewrite.
    expect(tags).toMatchObject({ comment: 'keep this', composer: 'Kept Composer' });
    const exif = JSON.parse(run('exiftool', ['-j', '-b', '-CoverArt', path])) as Array<{ CoverArt?: string }>;
    expect(exif[0].CoverArt).toBeDefined();
    expect(Buffer.from((exif[0].CoverArt ?? '').replace(/^base64:/, ''), 'base64').equals(cover)).toBe(true);
  });

  it.each(['ogg', 'opus'] as const)('%s gets Vorbis comments with multi-value ARTIST and a METADATA_BLOCK_PICTURE', async (ext) => {
    const path = makeAudio('comments', ext, ['-metadata', 'REPLAYGAIN_TRACK_GAIN=-3.00 dB']);
    await writeTags(path, FULL_TAGS());
    const tags = ffprobeTags(path);
    expect(tags).toMatchObject({
      title: TITLE,
      date: '2019-07-05',
      isrc: 'JPU901900001',
      musicbrainz_releasetrackid: '66666666-6666-4666-8666-666666666666',
      replaygain_track_gain: '-3.00 dB',
    });
    const exif = JSON.parse(run('exiftool', ['-j', '-a', '-G1', path])) as Array<Record<string, unknown>>;
    const values = Object.entries(exif[0]);
    const artists = values.filter(([k]) => /:Artist$/.test(k)).flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
    expect(artists).toEqual(['宇多田ヒカル', 'Σωκράτης', 'فيروز 🎤']);
    expect(values.some(([k]) => /Picture$/.test(k))).toBe(true);
  });
});

describe('crash safety of the write itself', () => {
  it('by default replaces the file atomically (new inode, no temp left); atomic:false rewrites in place', async () => {
    const path = makeAudio('atomic', 'flac');
    const inode = statSync(path).ino;
    await writeTags(path, { title: 'Atomic' });
    expect(statSync(path).ino).not.toBe(inode);
    expect(readdirSync(dir).filter((f) => f.startsWith('.soulspot-tags-'))).toEqual([]);
    expect(run('metaflac', ['--export-tags-to=-', path])).toContain('TITLE=Atomic');

    const inPlace = statSync(path).ino;
    await writeTags(path, { title: 'In Place' }, { atomic: false });
    expect(statSync(path).ino).toBe(inPlace);
    expect(run('metaflac', ['--export-tags-to=-', path])).toContain('TITLE=In Place');
  });

  it('makes no copy at all when nothing changes', async () => {
    const path = makeAudio('unchanged', 'opus');
    await writeTags(path, { title: 'Same' });
    const inode = statSync(path).ino;
    const result = await writeTags(path, { title: 'Same' });
    expect(result.written).toEqual([]);
    expect(statSync(path).ino).toBe(inode);
  });
});

describe('readAudioInfo', () => {
  it('reports technical properties per container', async () => {
    const flac = await readAudioInfo(makeAudio('props', 'flac'));
    expect(flac).toMatchObject({ container: 'flac', codec: 'FLAC', lossless: true, sampleRate: 44100, bitDepth: 16, channels: 1 });
    const mp3 = await readAudioInfo(makeAudio('props', 'mp3'));
    expect(mp3).toMatchObject({ container: 'mp3', lossless: false, sampleRate: 44100 });
    expect(mp3.bitrate).toBeGreaterThan(100_000);
    expect(mp3.bitrate).toBeLessThan(160_000);
    const opus = await readAudioInfo(makeAudio('props', 'opus'));
    expect(opus.container).toBe('ogg-opus');
    const m4a = await readAudioInfo(makeAudio('props', 'm4a'));
    expect(m4a).toMatchObject({ container: 'mp4', lossless: false });
    expect(m4a.tags).toMatchObject({ artists: [], hasPicture: false, compilation: false });
  });

  it.each([
    ['text.mp3', Buffer.from('definitely not audio, just a text file'), 'unsupported-format'],
    ['empty.flac', Buffer.alloc(0), 'corrupt'],
  ])('%s is rejected with a typed reason, never a crash', async (name, bytes, reason) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    await expect(readAudioInfo(path)).rejects.toMatchObject({ name: 'AudioReadError', reason });
  });

  it('random bytes and a truncated FLAC give AudioReadError', async () => {
    const random = join(dir, 'random.flac');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    await expect(readAudioInfo(random)).rejects.toBeInstanceOf(AudioReadError);
    const whole = readFileSync(makeAudio('cut', 'flac'));
    const truncated = join(dir, 'truncated.flac');
    writeFileSync(truncated, whole.subarray(0, 30));
    await expect(readAudioInfo(truncated)).rejects.toBeInstanceOf(AudioReadError);
  });

  it('a missing path and a directory are reported as such', async () => {
    await expect(readAudioInfo(join(dir, 'nope.mp3'))).rejects.toMatchObject({ reason: 'not-found' });
    await expect(readAudioInfo(dir)).rejects.toMatchObject({ reason: 'not-a-file' });
  });
});

describe('writeTags rejects bad input without touching the file', () => {
  it('invalid date, track number or cover bytes', async () => {
    const path = makeAudio('invalid', 'flac');
    const before = readFileSync(path);
    await expect(writeTags(path, { date: '07/05/2019' })).rejects.toMatchObject({ reason: 'invalid-tags' });
    await expect(writeTags(path, { trackNumber: 0 })).rejects.toMatchObject({ reason: 'invalid-tags' });
    await expect(writeTags(path, { frontCover: { data: backCover, mimeType: 'image/jpeg' } })).rejects.toBeInstanceOf(AudioWriteError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a non-audio file gives AudioWriteError', async () => {
    const path = join(dir, 'notes.mp3');
    writeFileSync(path, 'hello');
    await expect(writeTags(path, { title: 'x' })).rejects.toMatchObject({ name: 'AudioWriteError', reason: 'corrupt' });
    expect(readFileSync(path, 'utf8')).toBe('hello');
  });
});
