import { M3uListParser, parseM3uList } from './m3u-list.parser';
import { parseTextList } from './text-list.parser';

describe('parseTextList', () => {
  it('reads "Artist - Title" lines, skipping comments and blanks, with numbering and durations', () => {
    const input = ['# my list', '', '1. Daft Punk - One More Time (5:20)', '02) Radiohead – Paranoid Android', "Guns N' Roses — Sweet Child O' Mine [5:56]", '// note', 'Led Zeppelin - Stairway to Heaven - Remaster', '   '].join('\r\n');
    const { tracks, errors } = parseTextList(input);
    expect(errors).toEqual([]);
    expect(tracks).toEqual([
      { artists: ['Daft Punk'], title: 'One More Time', durationMs: 320000, position: 0 },
      { artists: ['Radiohead'], title: 'Paranoid Android', position: 1 },
      { artists: ["Guns N' Roses"], title: "Sweet Child O' Mine", durationMs: 356000, position: 2 },
      { artists: ['Led Zeppelin'], title: 'Stairway to Heaven - Remaster', position: 3 },
    ]);
  });

  it('reports lines without a separator and keeps going; hyphenated names are not split', () => {
    const { tracks, errors } = parseTextList('\uFEFFJust a title\nJay-Z - 99 Problems\nA-ha-Take On Me\n - Missing artist\n');
    expect(tracks).toEqual([{ artists: ['Jay-Z'], title: '99 Problems', position: 0 }]);
    expect(errors.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(errors[0].reason).toContain('expected "Artist - Title"');
  });
});

describe('parseM3uList', () => {
  const m3u = [
    '#EXTM3U',
    '#EXTINF:320,Daft Punk - One More Time',
    '/music/Daft Punk/Discovery/01 One More Time.flac',
    '#EXTINF:-1 tvg-logo="a,b",Radiohead - Airbag',
    'http://example.test/stream.mp3',
    '#EXTALB:Selected Ambient Works',
    '#EXTART:Aphex Twin',
    '#EXTINF:293,Xtal',
    'C:\\Music\\xtal.mp3',
    '../Boards of Canada - Roygbiv.ogg',
    'file:///music/05%20-%20Untitled.mp3',
    '#EXTINF:200,Nothing here',
    'track.mp3',
    '#EXTINF:180.5,Last - Without Path',
  ].join('\n');

  it('reads #EXTINF titles, attributes with commas, #EXTART/#EXTALB and file-name fallbacks', () => {
    const { tracks } = parseM3uList(m3u);
    expect(tracks).toEqual([
      { artists: ['Daft Punk'], title: 'One More Time', durationMs: 320000, position: 0 },
      { artists: ['Radiohead'], title: 'Airbag', position: 1 },
      { artists: ['Aphex Twin'], title: 'Xtal', album: 'Selected Ambient Works', durationMs: 293000, position: 2 },
      { artists: ['Boards of Canada'], title: 'Roygbiv', position: 3 },
      { artists: ['Last'], title: 'Without Path', durationMs: 180500, position: 4 },
    ]);
  });

  it('reports entries it cannot name, with the line of the entry', () => {
    const { errors } = parseM3uList(m3u);
    expect(errors).toEqual([
      { line: 11, reason: 'entry skipped: file name "Untitled" is not "Artist - Title"' },
      { line: 12, reason: 'entry skipped: #EXTINF title "Nothing here" is not "Artist - Title"' },
    ]);
  });

  it('streams: chunked input gives the same result', () => {
    const p = new M3uListParser();
    for (let i = 0; i < m3u.length; i += 5) p.push(m3u.slice(i, i + 5));
    expect(p.end()).toEqual(parseM3uList(m3u));
  });
});
