import { join, relative, sep } from 'node:path';
import { assertInsideRoot, safeJoinUnderRoot, sanitizeFileName, sanitizePathSegment, truncateUtf8, UnsafePathError, utf8Length } from './sanitize-path';

const graphemes = (s: string): string[] => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s), (g) => g.segment);

describe('sanitizePathSegment', () => {
  it.each([
    ['AC/DC', 'AC-DC'],
    ['Back\\Slash', 'Back-Slash'],
    ['Title: The Subtitle', 'Title - The Subtitle'],
    ['12:34', '12-34'],
    ['Who Are You?', 'Who Are You'],
    ['Say "Hello"', "Say 'Hello'"],
    ['P*nk <3 > you', 'P_nk _3 _ you'],
    ['pipe|line', 'pipe-line'],
    ['tab\tnew\nline\0null', 'tab new line null'],
    ['Album...', 'Album'],
    ['trailing space   ', 'trailing space'],
    ['.hidden', 'hidden'],
    ['...And Justice for All', 'And Justice for All'],
    ['..', '_'],
    ['.', '_'],
    ['', '_'],
    ['   ', '_'],
    ['\u0000\u0001\u001f', '_'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizePathSegment(input)).toBe(expected);
  });

  it.each([['CON'], ['con'], ['PRN'], ['AUX'], ['NUL'], ['COM1'], ['com9'], ['LPT1'], ['LPT9'], ['CON.live'], ['nul.tar.gz']])(
    'Windows reserved name %s gets a suffix so it is not a device',
    (name) => {
      const out = sanitizePathSegment(name);
      expect(out).not.toBe(name);
      expect(out.split('.')[0]).toMatch(/_$/);
    },
  );

  it('leaves names that merely start like reserved names alone', () => {
    expect(sanitizePathSegment('CONSOLE')).toBe('CONSOLE');
    expect(sanitizePathSegment('Nullsleep')).toBe('Nullsleep');
    expect(sanitizePathSegment('COM10')).toBe('COM10');
  });

  it('normalises to NFC so the same title never makes two folders', () => {
    const decomposed = 'Beyonce\u0301';
    expect(sanitizePathSegment(decomposed)).toBe('Beyoncé');
    expect(sanitizePathSegment(decomposed)).toBe(sanitizePathSegment('Beyoncé'));
  });

  it('keeps non-Latin and RTL text but drops bidi override tricks', () => {
    expect(sanitizePathSegment('日本語 Ελληνικά مرحبا 🎧')).toBe('日本語 Ελληνικά مرحبا 🎧');
    expect(sanitizePathSegment('evil\u202Egpj.exe')).toBe('evilgpj.exe');
  });

  it('replaces lone surrogates so the name is valid UTF-8', () => {
    const out = sanitizePathSegment('bad\ud800name\udc00');
    expect(out).toBe('bad\ufffdname\ufffd');
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
  });

  it('uses the placeholder when nothing is left', () => {
    expect(sanitizePathSegment('???', { placeholder: 'Unknown' })).toBe('Unknown');
  });
});

describe('byte-length limits', () => {
  it('cuts a 400-character Japanese title to 255 bytes and keeps the extension', () => {
    const out = sanitizeFileName('あ'.repeat(400), '.flac');
    expect(utf8Length(out)).toBeLessThanOrEqual(255);
    expect(out.endsWith('.flac')).toBe(true);
    expect(out).toBe(`${'あ'.repeat(Math.floor(250 / 3))}.flac`);
  });

  it('never splits an emoji ZWJ sequence', () => {
    const family = '👨‍👩‍👧';
    const out = sanitizeFileName(family.repeat(60), 'mp3');
    expect(utf8Length(out)).toBeLessThanOrEqual(255);
    const base = out.slice(0, -'.mp3'.length);
    expect(graphemes(base).every((g) => g === family)).toBe(true);
    expect(base.length).toBeGreaterThan(0);
  });

  it('never separates a letter from its combining mark (no precomposed form exists)', () => {
    const qDot = 'q\u0307';
    const out = sanitizePathSegment(qDot.repeat(200));
    expect(utf8Length(out)).toBeLessThanOrEqual(255);
    expect(graphemes(out).every((g) => g === qDot)).toBe(true);
  });

  it('a single enormous cluster (zalgo, astral tag characters) is cut without breaking a code point', () => {
    for (const input of [`a${'\u0301'.repeat(300)}`, `a${'\u{E0061}'.repeat(100)}`]) {
      const out = truncateUtf8(input, 255);
      expect(utf8Length(out)).toBeLessThanOrEqual(255);
      expect(out.length).toBeGreaterThan(0);
      expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
      expect(input.startsWith(out)).toBe(true);
    }
  });

  it('strips a trailing dot exposed by truncation', () => {
    const out = sanitizePathSegment(`${'a'.repeat(254)}. tail`);
    expect(out).toBe('a'.repeat(254));
  });

  it('reserved-name suffix still fits the budget', () => {
    const out = sanitizeFileName(`CON.${'x'.repeat(300)}`, 'flac');
    expect(utf8Length(out)).toBeLessThanOrEqual(255);
    expect(out.startsWith('CON_.')).toBe(true);
  });

  it('truncateUtf8 respects the byte budget exactly at code point boundaries', () => {
    expect(truncateUtf8('aé€😀', 1)).toBe('a');
    expect(truncateUtf8('aé€😀', 3)).toBe('aé');
    expect(truncateUtf8('aé€😀', 9)).toBe('aé€');
    expect(truncateUtf8('aé€😀', 10)).toBe('aé€😀');
    expect(truncateUtf8('abc', 0)).toBe('');
  });

  it('sanitises the extension too', () => {
    expect(sanitizeFileName('Song', '../../FLAC')).toBe('Song.flac');
    expect(sanitizeFileName('Song', '')).toBe('Song');
  });
});

describe('safeJoinUnderRoot', () => {
  const root = join(sep, 'music', 'library');

  it('turns hostile segments into folders inside the root', () => {
    const out = safeJoinUnderRoot(root, ['..', '../../etc', '/etc/passwd', '..'], 'flac');
    expect(relative(root, out).startsWith('..')).toBe(false);
    expect(out.startsWith(root + sep)).toBe(true);
    expect(out.endsWith('.flac')).toBe(true);
  });

  it('assertInsideRoot rejects the root itself, its parent and siblings with a shared prefix', () => {
    expect(() => assertInsideRoot(root, root)).toThrow(UnsafePathError);
    expect(() => assertInsideRoot(root, join(root, '..'))).toThrow(UnsafePathError);
    expect(() => assertInsideRoot(root, `${root}-evil/x`)).toThrow(UnsafePathError);
    expect(() => assertInsideRoot(root, join(root, 'a', 'b'))).not.toThrow();
  });
});

describe('property: random hostile strings always give safe names under the root', () => {
  // Deterministic PRNG so a failure is reproducible from the seed in the message.
  function mulberry32(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const ALPHABET = [
    '/', '\\', '.', '..', ' ', '\0', '\t', '\n', ':', '*', '?', '"', '<', '>', '|', 'CON', 'nul', 'LPT1', 'a', 'Z', '1',
    'é', 'e\u0301', 'ß', '日本', 'Ελ', 'مرحبا', 'שלום', '\u202e', '\u200f', '😀', '👨‍👩‍👧', '🏳️‍🌈', '\ud800', '\udfff', '\u0307',
    '\u00a0', '\u3000', '~', '$HOME', '%2e%2e', '\u2024', '\uff0f',
  ];
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const root = join(sep, 'srv', 'music');

  it('3000 random inputs', () => {
    const seed = 20261123;
    const random = mulberry32(seed);
    const pick = (): string => ALPHABET[Math.floor(random() * ALPHABET.length)];
    for (let n = 0; n < 3000; n++) {
      const segments = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
        Array.from({ length: Math.floor(random() * (random() < 0.1 ? 300 : 20)) }, pick).join(''),
      );
      const context = `seed ${seed}, case ${n}: ${JSON.stringify(segments)}`;
      const out = safeJoinUnderRoot(root, segments, random() < 0.5 ? 'flac' : undefined);
      const rel = relative(root, out);
      if (rel.startsWith('..') || rel === '' || !out.startsWith(root + sep)) throw new Error(`escaped root: ${context}`);
      const parts = rel.split(sep);
      if (parts.length !== segments.length) throw new Error(`segment count changed: ${context}`);
      for (const part of parts) {
        const problems = [
          utf8Length(part) > 255 && 'too long',
          FORBIDDEN.test(part) && 'forbidden char',
          (part === '.' || part === '..' || part === '') && 'dot or empty',
          part.startsWith('.') && 'hidden',
          /[ .]$/.test(part) && 'trailing dot/space',
          part !== part.normalize('NFC') && 'not NFC',
          Buffer.from(part, 'utf8').toString('utf8') !== part && 'invalid UTF-8',
          /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i.test(part.split('.')[0]) && 'reserved',
        ].filter(Boolean);
        if (problems.length) throw new Error(`${problems.join(', ')} in ${JSON.stringify(part)}: ${context}`);
      }
    }
  });
});
