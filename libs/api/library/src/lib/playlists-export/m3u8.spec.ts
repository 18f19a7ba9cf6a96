import { belongsToList, playlistFileName, renderM3u8 } from './m3u8';

describe('renderM3u8', () => {
  const playlist = '/music/Playlists/Road Trip.m3u8';

  it('writes #EXTM3U, #EXTINF seconds and artist - title, and paths from the playlist folder with forward slashes', () => {
    const text = renderM3u8(playlist, [
      { title: 'Faint', artists: ['Linkin Park'], durationMs: 162_400, path: '/music/Linkin Park/Meteora (2003)/07 - Faint.mp3' },
      { title: 'Под небом', artists: ['Кино', 'Виктор Цой'], durationMs: null, path: '/music/Кино/Группа крови/01 - Под небом.flac' },
    ]);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXTINF:162,Linkin Park - Faint',
        '../Linkin Park/Meteora (2003)/07 - Faint.mp3',
        '#EXTINF:-1,Кино, Виктор Цой - Под небом',
        '../Кино/Группа крови/01 - Под небом.flac',
        '',
      ].join('\n'),
    );
  });

  it('never lets a hostile title or artist start a new line', () => {
    const text = renderM3u8(playlist, [{ title: 'a\nhttp://evil/x.mp3\r\n#EXTM3U', artists: ['b\u2028c'], durationMs: 1000, path: '/music/A/B/01 - a.mp3' }]);
    expect(text.split('\n')).toEqual(['#EXTM3U', '#EXTINF:1,b c - a http://evil/x.mp3 #EXTM3U', '../A/B/01 - a.mp3', '']);
  });

  it('names the playlist and marks the list it belongs to, so a renamed list finds its old file', () => {
    const text = renderM3u8(playlist, [], { id: 'list-1', name: 'Road\ntrip' });
    expect(text).toBe('#EXTM3U\n#PLAYLIST:Road trip\n#X-SOULSPOT-LIST:list-1\n');
    expect(belongsToList(text, 'list-1')).toBe(true);
    expect(belongsToList(text, 'list-2')).toBe(false);
    expect(belongsToList('#EXTM3U\n#X-SOULSPOT-LIST:list-10\n', 'list-1')).toBe(false);
  });

  it('leaves out a path holding a line break instead of writing half of it', () => {
    const text = renderM3u8(playlist, [{ title: 'x', artists: ['y'], durationMs: 1000, path: '/music/y/x\n.mp3' }]);
    expect(text).toBe('#EXTM3U\n');
  });
});

describe('playlistFileName', () => {
  it('keeps non-Latin names and makes hostile ones safe, inside one folder', () => {
    expect(playlistFileName('Песни в дорогу 🚗', 'id')).toBe('Песни в дорогу 🚗.m3u8');
    for (const hostile of ['../../etc/passwd', 'a/b\\c', 'CON', '. .', '\u202Eevil', 'x'.repeat(400), 'tab\there\nnewline']) {
      const name = playlistFileName(hostile, 'id');
      expect(name.endsWith('.m3u8')).toBe(true);
      expect(name).not.toMatch(/[/\\\n\t\u202e]/);
      expect(name.startsWith('..')).toBe(false);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    }
    expect(playlistFileName('CON', 'id').toLowerCase()).not.toBe('con.m3u8');
  });

  it('gives a clashing name the list id so two lists never share one file', () => {
    const taken = new Set(['mix.m3u8']);
    expect(playlistFileName('Mix', '0123456789abcdef', taken)).toBe('Mix (01234567).m3u8');
    expect(playlistFileName('Other', '0123456789abcdef', taken)).toBe('Other.m3u8');
  });
});
