import { join, relative, sep } from 'node:path';
import {
  buildLibraryPath,
  chooseTemplate,
  DEFAULT_TEMPLATES,
  InvalidTemplateError,
  PREVIEW_SAMPLES,
  previewTemplate,
  renderTemplate,
  validateTemplate,
  type NamingContext,
} from './naming-template';
import { utf8Length } from './sanitize-path';

const album: NamingContext = PREVIEW_SAMPLES.album;

function ctx(overrides: Partial<NamingContext>): NamingContext {
  return { ...album, ...overrides };
}

describe('renderTemplate with the default templates', () => {
  it('single-disc album: no disc folder', () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.standard, album).relativePath).toBe('Daft Punk/Random Access Memories (2013)/08 - Get Lucky.flac');
  });

  it('multi-disc album gets a Disc N folder', () => {
    const out = renderTemplate(DEFAULT_TEMPLATES.standard, ctx({ discNumber: 2, totalDiscs: 3, trackNumber: 1 }));
    expect(out.folders).toEqual(['Daft Punk', 'Random Access Memories (2013)', 'Disc 2']);
    expect(out.fileName).toBe('01 - Get Lucky.flac');
  });

  it('compilation goes under Various Artists with the track artist in the file name', () => {
    const sample = PREVIEW_SAMPLES.multiDiscCompilation;
    const template = chooseTemplate(DEFAULT_TEMPLATES, sample);
    expect(template).toBe(DEFAULT_TEMPLATES.compilation);
    expect(renderTemplate(template, sample).relativePath).toBe('Various Artists/Now - Rock (1999)/Disc 2/12 - AC-DC - Back in Black.mp3');
  });

  it('a missing year leaves no empty brackets', () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.standard, ctx({ releaseYear: undefined })).folders[1]).toBe('Random Access Memories');
  });

  it('a missing track number leaves no dangling separator', () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.standard, ctx({ trackNumber: undefined })).fileName).toBe('Get Lucky.flac');
  });

  it('blank artist/album/title fall back to readable names', () => {
    const out = renderTemplate(DEFAULT_TEMPLATES.standard, ctx({ artistName: ' ', albumArtist: '', albumTitle: '', trackTitle: '' }));
    expect(out.relativePath).toBe('Unknown Artist/Unknown Album (2013)/08 - Unknown Track.flac');
  });
});

describe('tokens, formats and sections', () => {
  it('zero padding and case-insensitive names', () => {
    const out = renderTemplate('{album title}/{TRACK:000} {disc:0}-{Track Title}', ctx({ trackNumber: 7, discNumber: 2 }));
    expect(out.relativePath).toBe('Random Access Memories/007 2-Get Lucky.flac');
  });

  it('padding never truncates a longer number', () => {
    expect(renderTemplate('{track:0} {Track Title}', ctx({ trackNumber: 123 })).fileName).toBe('123 Get Lucky.flac');
  });

  it('Medium Format, Quality, Codec, Original Title and Album Artist fallback', () => {
    const out = renderTemplate(
      '{Album Artist}/{Album Title} [{Medium Format}] [{Quality}]/{Original Title} ({Codec})',
      ctx({ albumArtist: undefined, artistName: 'Solo', originalTitle: 'Get Lucky - Radio Edit', quality: 'FLAC 24bit', codec: 'FLAC' }),
    );
    expect(out.relativePath).toBe('Solo/Random Access Memories [CD] [FLAC 24bit]/Get Lucky - Radio Edit (FLAC).flac');
  });

  it('inverted sections and token conditions', () => {
    const template = '{^compilation}{Album Artist}{/compilation}{#compilation}Compilations{/compilation}/{Album Title}{#Release Year} - {Release Year}{/Release Year}/{Track Title}';
    expect(renderTemplate(template, album).relativePath).toBe('Daft Punk/Random Access Memories - 2013/Get Lucky.flac');
    expect(renderTemplate(template, ctx({ compilation: true, releaseYear: undefined })).relativePath).toBe('Compilations/Random Access Memories/Get Lucky.flac');
  });

  it('a folder level that renders empty is dropped instead of becoming "_"', () => {
    const template = '{Album Artist}/{#multidisc}CD{disc}{/multidisc}/{track:00} {Track Title}';
    expect(renderTemplate(template, album).folders).toEqual(['Daft Punk']);
    expect(renderTemplate(template, ctx({ totalDiscs: 2, discNumber: 2 })).folders).toEqual(['Daft Punk', 'CD2']);
  });
});

describe('hostile metadata stays inside the library root', () => {
  const root = join(sep, 'srv', 'music');

  it.each([
    ['slashes and dot-dot', { artistName: '../../..', albumArtist: '../../etc', albumTitle: '..', trackTitle: '/etc/passwd' }],
    ['null bytes and control chars', { albumArtist: 'a\0b', albumTitle: '\u0001\u0002', trackTitle: 'x\ny\rz' }],
    ['400-character title', { trackTitle: 'Très long titre '.repeat(25) }],
    ['emoji and RTL', { albumArtist: '👨‍👩‍👧 فيروز', albumTitle: '\u202eevil', trackTitle: 'שלום 🏳️‍🌈' }],
    ['Windows device names', { albumArtist: 'CON', albumTitle: 'AUX', trackTitle: 'NUL' }],
  ])('%s', (_label, overrides) => {
    const path = buildLibraryPath(root, DEFAULT_TEMPLATES.standard, ctx(overrides as Partial<NamingContext>));
    const rel = relative(root, path);
    expect(rel.startsWith('..')).toBe(false);
    const parts = rel.split(sep);
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(utf8Length(part)).toBeLessThanOrEqual(255);
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      expect(part).not.toMatch(/^\.|[\0-\x1f/\\:*?"<>|]|[. ]$/);
      expect(part.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
    }
    expect(path.endsWith('.flac')).toBe(true);
  });

  it('a 400-character title keeps its track number prefix and extension', () => {
    const out = renderTemplate(DEFAULT_TEMPLATES.standard, ctx({ trackTitle: 'あ'.repeat(400) }));
    expect(out.fileName.startsWith('08 - あ')).toBe(true);
    expect(out.fileName.endsWith('.flac')).toBe(true);
    expect(utf8Length(out.fileName)).toBeLessThanOrEqual(255);
  });
});

describe('validateTemplate', () => {
  it('accepts both defaults', () => {
    expect(validateTemplate(DEFAULT_TEMPLATES.standard)).toEqual({ valid: true, errors: [] });
    expect(validateTemplate(DEFAULT_TEMPLATES.compilation)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ['{Artist Name}/{AlbumTitle}/{Track Title}', /Unknown token \{AlbumTitle\}; did you mean \{Album Title\}/],
    ['{Artist Name}/{Foo Bar}/{Track Title}', /Unknown token \{Foo Bar\}/],
    ['{Artist Name/{Track Title}', /Unbalanced "\{"/],
    ['{Artist Name}}/{Track Title}', /Unbalanced "\}"/],
    ['{Artist Name}/{Track Title', /Unbalanced "\{"/],
    ['{#multidisc}Disc {disc}/{Track Title}', /never closed/],
    ['{#multidisc}x{/compilation}/{Track Title}', /does not match/],
    ['x{/multidisc}/{Track Title}', /never opened/],
    ['{#weather}x{/weather}/{Track Title}', /Unknown condition/],
    ['{Artist Name}/{Track Title:00}', /cannot be zero-padded/],
    ['{Artist Name}/{track:ab} {Track Title}', /only zero padding/],
    ['/{Artist Name}/{Track Title}', /relative to the library folder/],
    ['{Artist Name}/../{Track Title}', /not allowed as a folder name/],
    ['{Artist Name}\\{Track Title}', /not "\\"/],
    ['{Artist Name}/{Album Title}', /must contain \{Track Title\}/],
    ['{Artist Name}/{Track Title}/', /must end with a file name/],
    ['   ', /empty/],
  ])('%j is rejected: %s', (template, message) => {
    const result = validateTemplate(template);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(message);
  });

  it('reports every problem with its position', () => {
    const result = validateTemplate('{Nope}/{Also Nope}/{Track Title}');
    expect(result.errors).toEqual([
      { index: 0, message: 'Unknown token {Nope}' },
      { index: 7, message: 'Unknown token {Also Nope}' },
    ]);
  });

  it('renderTemplate refuses an invalid template', () => {
    expect(() => renderTemplate('{Nope}/{Track Title}', album)).toThrow(InvalidTemplateError);
  });
});

describe('previewTemplate', () => {
  it('shows the sample path for a valid template', () => {
    expect(previewTemplate('{Artist Name} - {Track Title}')).toEqual({ valid: true, errors: [], path: 'Daft Punk - Get Lucky.flac' });
  });

  it('shows the multi-disc compilation sample on request', () => {
    expect(previewTemplate(DEFAULT_TEMPLATES.standard, PREVIEW_SAMPLES.multiDiscCompilation).path).toBe(
      'Various Artists/Now - Rock (1999)/Disc 2/12 - Back in Black.mp3',
    );
  });

  it('returns errors and no path for an invalid template', () => {
    const preview = previewTemplate('{Artist Name');
    expect(preview.valid).toBe(false);
    expect(preview.path).toBeUndefined();
    expect(preview.errors.length).toBeGreaterThan(0);
  });
});

describe('property: random hostile metadata through every template stays under the root', () => {
  function mulberry32(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const PIECES = ['/', '\\', '..', '.', ' ', '\0', '\n', ':', '?', '*', '|', '"', '<', '>', '{', '}', '(', ')', '[', ']', ' - ', 'CON', 'aux',
    'A', 'z', '9', 'é', 'e\u0301', '日本語', 'Ελληνικά', 'العربية', '\u202e', '😀', '👨‍👩‍👧', '\ud83d', '~', '$(rm -rf /)', '%00'];
  const TEMPLATES = [
    DEFAULT_TEMPLATES.standard,
    DEFAULT_TEMPLATES.compilation,
    '{Artist Name}/{Album Title} [{Medium Format}] {Quality}/{#multidisc}{disc:00}-{/multidisc}{track:000} {Original Title} ({Codec})',
    '{Album Artist} - {Album Title}/{^compilation}{Artist Name} {/compilation}{Track Title}',
  ];
  const root = join(sep, 'data', 'music');

  it('2000 random contexts x 4 templates', () => {
    const seed = 424242;
    const random = mulberry32(seed);
    const text = (): string => Array.from({ length: Math.floor(random() * (random() < 0.1 ? 200 : 12)) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
    const num = (): number | undefined => [undefined, 0, -1, 1, 2, 7, 99, 1000, 1e9, Number.NaN, 2.5][Math.floor(random() * 11)];
    for (let i = 0; i < 2000; i++) {
      const context: NamingContext = {
        artistName: text(),
        albumArtist: random() < 0.5 ? text() : undefined,
        albumTitle: text(),
        releaseYear: num(),
        trackTitle: text(),
        originalTitle: random() < 0.5 ? text() : undefined,
        trackNumber: num(),
        discNumber: num(),
        totalDiscs: num(),
        mediumFormat: text(),
        quality: text(),
        codec: text(),
        compilation: random() < 0.3,
        extension: random() < 0.8 ? 'flac' : text(),
      };
      for (const template of TEMPLATES) {
        const path = buildLibraryPath(root, template, context);
        const rel = relative(root, path);
        const where = `seed ${seed}, case ${i}, template ${template}: ${JSON.stringify(context)}`;
        if (rel.startsWith('..') || !path.startsWith(root + sep)) throw new Error(`escaped: ${where}`);
        for (const part of rel.split(sep)) {
          // eslint-disable-next-line no-control-regex -- finding control characters is the point
          if (utf8Length(part) > 255 || /^\.|[\0-\x1f/\\:*?"<>|]|[. ]$/.test(part) || part === '' || Buffer.from(part).toString() !== part) {
            throw new Error(`unsafe segment ${JSON.stringify(part)}: ${where}`);
          }
        }
      }
    }
  });
});
