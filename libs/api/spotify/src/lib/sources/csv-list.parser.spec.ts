import { CsvListParser, parseCsvList } from './csv-list.parser';

const EXPORTIFY_HEADER =
  '"Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album URI","Album Name","Album Artist URI(s)","Album Artist Name(s)","Album Release Date","Album Image URL","Disc Number","Track Number","Track Duration (ms)","Track Preview URL","Explicit","Popularity","ISRC","Added By","Added At"';

describe('parseCsvList — Exportify layout', () => {
  const csv = [
    '\uFEFF' + EXPORTIFY_HEADER,
    '"spotify:track:11dFghVXANMlKmJXsNCbNl","Song, With ""Quotes""","spotify:artist:0TnOYISbd1XYRBk9myaseg,spotify:artist:1TnOYISbd1XYRBk9myaseg","Pitbull,Ne-Yo","spotify:album:2up3OPMp9Tb4dAKM2erWXQ","Album","spotify:artist:0TnOYISbd1XYRBk9myaseg","Pitbull","2011-06-17","https://i.scdn.co/image/x","1","3","215000","","false","70","USUM71900764","spotify:user:jane","2024-05-01T10:00:00Z"',
    '"spotify:track:22dFghVXANMlKmJXsNCbNl","September","spotify:artist:4QQgXkCYTt3BlENzhyNETg","Earth, Wind & Fire","spotify:album:3up3OPMp9Tb4dAKM2erWXQ","The Best Of","spotify:artist:4QQgXkCYTt3BlENzhyNETg","Earth, Wind & Fire","1978","","1","2","215893","","true","80","usqx-91300108","",""',
    '"spotify:local:Home:Demos:Multi%0Aline:215","Multi',
    'line title","","Home Recordings","","Demos","","","","","0","0","215000","","false","0","","",""',
    '"spotify:track:33dFghVXANMlKmJXsNCbNl","","","Nobody","","","","","","","1","1","1000","","false","0","","",""',
  ].join('\r\n');

  it('maps every Exportify column a user cares about', () => {
    const { tracks, errors } = parseCsvList(csv);
    expect(tracks[0]).toEqual({
      spotifyId: '11dFghVXANMlKmJXsNCbNl',
      isrc: 'USUM71900764',
      title: 'Song, With "Quotes"',
      artists: ['Pitbull', 'Ne-Yo'],
      album: 'Album',
      albumArtist: 'Pitbull',
      durationMs: 215000,
      discNumber: 1,
      trackNumber: 3,
      explicit: false,
      position: 0,
      addedAt: '2024-05-01T10:00:00Z',
    });
    expect(errors).toEqual([{ line: 6, reason: 'row skipped: no title' }]);
  });

  it('keeps a comma inside a single artist name when there is one artist URI, and normalises ISRC dashes', () => {
    const { tracks } = parseCsvList(csv);
    expect(tracks[1]).toMatchObject({ title: 'September', artists: ['Earth, Wind & Fire'], isrc: 'USQX91300108', explicit: true });
  });

  it('handles quoted line breaks and local files (no Spotify id) with correct line numbers for later rows', () => {
    const { tracks } = parseCsvList(csv);
    expect(tracks[2]).toMatchObject({ title: 'Multi\nline title', artists: ['Home Recordings'], position: 2 });
    expect(tracks[2].spotifyId).toBeUndefined();
    expect(tracks).toHaveLength(3);
  });

  it('accepts the newer Exportify layout ("Spotify ID", "Duration (ms)")', () => {
    const { tracks, errors } = parseCsvList('Spotify ID,Artist IDs,Track Name,Album Name,Artist Name(s),Release Date,Duration (ms),Popularity,Added By,Added At,Genres\n11dFghVXANMlKmJXsNCbNl,x,Hello,World,Adele,2015,295000,80,,2020-01-01T00:00:00Z,pop\n');
    expect(errors).toEqual([]);
    expect(tracks).toEqual([{ spotifyId: '11dFghVXANMlKmJXsNCbNl', title: 'Hello', artists: ['Adele'], album: 'World', durationMs: 295000, position: 0, addedAt: '2020-01-01T00:00:00Z' }]);
  });

  it('gives the same result when the file arrives in tiny chunks (split inside quotes and CRLF)', () => {
    const whole = parseCsvList(csv);
    const parser = new CsvListParser();
    for (let i = 0; i < csv.length; i += 7) parser.push(csv.slice(i, i + 7));
    expect(parser.end()).toEqual(whole);
  });
});

describe('parseCsvList — plain artist,title[,album,duration] layout', () => {
  it('reads rows without a header, durations as seconds or m:ss', () => {
    const { tracks, errors } = parseCsvList('Daft Punk,One More Time,Discovery,5:20\nAphex Twin,Xtal,,293\nBoards of Canada,Roygbiv\n');
    expect(errors).toEqual([]);
    expect(tracks).toEqual([
      { artists: ['Daft Punk'], title: 'One More Time', album: 'Discovery', durationMs: 320000, position: 0 },
      { artists: ['Aphex Twin'], title: 'Xtal', durationMs: 293000, position: 1 },
      { artists: ['Boards of Canada'], title: 'Roygbiv', position: 2 },
    ]);
  });

  it('detects ";" separators (spreadsheet exports in many locales) with a header and decimal commas', () => {
    const { tracks, errors } = parseCsvList('\uFEFFArtist;Title;Album;Duration\r\n"Sigur Rós";"Hoppípolla";"Takk...";"268,5"\r\nBjörk;Jóga;;3:25\r\n');
    expect(errors).toEqual([]);
    expect(tracks.map((t) => [t.artists[0], t.title, t.durationMs])).toEqual([
      ['Sigur Rós', 'Hoppípolla', 268500],
      ['Björk', 'Jóga', 205000],
    ]);
  });

  it('reports bad lines with their number and reason instead of throwing', () => {
    const input = ['artist,title,album,duration', 'Good,Song,,3:00', ',No Artist', 'No Title,', '', 'Bad Duration,Song,,3:75', 'Tail,"unterminated'].join('\n');
    const { tracks, errors } = parseCsvList(input);
    expect(tracks.map((t) => t.title)).toEqual(['Song', 'Song']);
    expect(tracks[1].durationMs).toBeUndefined();
    expect(errors).toEqual([
      { line: 3, reason: 'row skipped: no artist' },
      { line: 4, reason: 'row skipped: no title' },
      { line: 6, reason: 'duration ignored: "3:75" is neither seconds nor m:ss' },
      { line: 7, reason: 'row skipped: unterminated quoted field' },
    ]);
  });

  it('returns nothing (and no crash) for empty input, whitespace and a lone header', () => {
    expect(parseCsvList('')).toEqual({ tracks: [], errors: [] });
    expect(parseCsvList('\n\n  \n')).toEqual({ tracks: [], errors: [] });
    expect(parseCsvList('Track Name,Artist Name(s)')).toEqual({ tracks: [], errors: [] });
  });

  it('parses a 10,000-row file quickly', () => {
    const rows = Array.from({ length: 10_000 }, (_v, i) => `"Artist ${i}","Title, part ${i}",Album,${100 + (i % 200)}`).join('\n');
    const t0 = performance.now();
    const { tracks, errors } = parseCsvList(rows);
    const ms = performance.now() - t0;
    expect(errors).toEqual([]);
    expect(tracks).toHaveLength(10_000);
    expect(tracks[9_999]).toMatchObject({ title: 'Title, part 9999', position: 9_999 });
    expect(ms).toBeLessThan(2_000);
  });
});
