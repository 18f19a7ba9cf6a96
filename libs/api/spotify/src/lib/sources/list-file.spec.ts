import { detectEncoding, detectListFormat, parseListFile } from './list-file';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('parseListFile', () => {
  it('reads a Windows-1252 .m3u (old players) without mangling accents', async () => {
    const latin1 = Buffer.from('#EXTM3U\r\n#EXTINF:268,Sigur Rós - Hoppípolla\r\nC:\\Musik\\hoppipolla.mp3\r\n', 'latin1');
    const res = await parseListFile(latin1, { fileName: 'Playlist.m3u' });
    expect(res).toMatchObject({ format: 'm3u', encoding: 'windows-1252', errors: [] });
    expect(res.tracks).toEqual([{ artists: ['Sigur Rós'], title: 'Hoppípolla', durationMs: 268000, position: 0 }]);
  });

  it('reads Excel "Unicode text" (UTF-16LE with BOM, tab separated) as CSV', async () => {
    const text = '\uFEFFArtist\tTitle\tDuration\r\nBjörk\tJóga\t3:25\r\n坂本龍一\tMerry Christmas Mr. Lawrence\t4:57\r\n';
    const res = await parseListFile(Buffer.from(text, 'utf16le'));
    expect(res).toMatchObject({ format: 'csv', encoding: 'utf-16le', errors: [] });
    expect(res.tracks.map((t) => [t.artists[0], t.title, t.durationMs])).toEqual([
      ['Björk', 'Jóga', 205000],
      ['坂本龍一', 'Merry Christmas Mr. Lawrence', 297000],
    ]);
  });

  it('decodes UTF-8 split inside multi-byte characters across stream chunks', async () => {
    const text = 'Mötley Crüe - Kickstart My Heart\n坂本龍一 - Energy Flow\nBeyoncé - Halo\n';
    const res = await parseListFile(chunked(Buffer.from(text, 'utf8'), 3));
    expect(res.format).toBe('text');
    expect(res.tracks.map((t) => t.artists[0])).toEqual(['Mötley Crüe', '坂本龍一', 'Beyoncé']);
  });

  it('stops at the size limit and says so', async () => {
    const big = Buffer.from('A - B\n'.repeat(1000));
    const res = await parseListFile(chunked(big, 600), { maxBytes: 1000 });
    expect(res.tracks.length).toBeLessThan(1000);
    expect(res.errors.at(-1)?.reason).toMatch(/larger than 1000 bytes/);
  });

  it('returns an empty result for an empty upload', async () => {
    await expect(parseListFile(new Uint8Array())).resolves.toEqual({ tracks: [], errors: [], format: 'text', encoding: 'utf-8' });
  });
});

describe('detection helpers', () => {
  it('sniffs the format when the file name says nothing', () => {
    expect(detectListFormat(undefined, '#EXTM3U\n')).toBe('m3u');
    expect(detectListFormat('list', 'Daft Punk - One More Time\n')).toBe('text');
    expect(detectListFormat(undefined, '"Track URI","Track Name"\n')).toBe('csv');
    expect(detectListFormat('x.txt', 'a,b,c')).toBe('text');
  });

  it('treats a UTF-8 sample cut mid-character as UTF-8', () => {
    const bytes = Buffer.from('Björk', 'utf8');
    expect(detectEncoding(bytes.subarray(0, 3))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('Björk', 'latin1'))).toBe('windows-1252');
  });
});
