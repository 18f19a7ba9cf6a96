import { cleanTitle, splitTitle } from './title';

describe('splitTitle', () => {
  it('treats Spotify remaster suffixes as neutral', () => {
    const t = splitTitle('Wish You Were Here - 2011 Remaster');
    expect(t.base).toEqual(['wish', 'you', 'were', 'here']);
    expect(t.versionTags.size).toBe(0);
    expect(t.qualifiers[0].kind).toBe('neutral');
  });

  it('keeps "Live" in "Live Forever" as part of the title, not a version', () => {
    const t = splitTitle('Live Forever - Remastered');
    expect(t.base).toEqual(['live', 'forever']);
    expect(t.versionTags.size).toBe(0);
  });

  it('marks a trailing "(Live)" as a version tag', () => {
    const t = splitTitle('Comfortably Numb (Live)');
    expect(t.base).toEqual(['comfortably', 'numb']);
    expect([...t.versionTags]).toEqual(['live']);
    expect(t.required).toEqual([]);
  });

  it('keeps the remixer as a required phrase', () => {
    const t = splitTitle('Cinema - Skrillex Remix');
    expect([...t.versionTags]).toEqual(['remix']);
    expect(t.required).toEqual([['skrillex']]);
    const club = splitTitle('Missing - Todd Terry Club Mix');
    expect(club.required).toEqual([['todd', 'terry']]);
  });

  it('combines several version words of one qualifier', () => {
    const t = splitTitle('Cheerleader - Felix Jaehn Remix Radio Edit');
    expect([...t.versionTags].sort()).toEqual(['radio_edit', 'remix']);
    expect(t.required).toEqual([['felix', 'jaehn']]);
  });

  it('turns feat. credits into secondary artists', () => {
    const t = splitTitle('Get Lucky (feat. Pharrell Williams and Nile Rodgers)');
    expect(t.base).toEqual(['get', 'lucky']);
    expect(t.featuredArtists).toEqual(['Pharrell Williams', 'Nile Rodgers']);
    expect(splitTitle('Lean On (feat. MØ & DJ Snake)').featuredArtists).toEqual(['MØ', 'DJ Snake']);
  });

  it('keeps a descriptive bracket as an optional title part', () => {
    const t = splitTitle('Sweet Dreams (Are Made of This) - Remastered');
    expect(t.base).toEqual(['sweet', 'dreams']);
    expect(t.full).toEqual(['sweet', 'dreams', 'are', 'made', 'of', 'this']);
    expect(t.versionTags.size).toBe(0);
  });

  it('treats soundtrack credits as neutral', () => {
    const t = splitTitle('Stayin\' Alive - From "Saturday Night Fever" Soundtrack');
    expect(t.base).toEqual(['stayin', 'alive']);
    expect(t.versionTags.size).toBe(0);
  });

  it("recognises re-recording labels like Taylor's Version", () => {
    expect([...splitTitle("Love Story (Taylor's Version)").versionTags]).toEqual(['re_recording']);
  });

  it('reads a language version as a language, not a required re-recording', () => {
    const t = splitTitle('Bailando - Spanish Version');
    expect(t.versionTags.size).toBe(0);
    expect(t.language).toBe('spanish');
  });

  it('cleans queries of neutral words but keeps version names', () => {
    expect(cleanTitle('Hey Jude - Remastered 2015')).toBe('Hey Jude');
    expect(cleanTitle('Crazy In Love (feat. Jay-Z)')).toBe('Crazy In Love');
    expect(cleanTitle('Cinema - Skrillex Remix')).toBe('Cinema Skrillex Remix');
  });

  it('reads Spotify session titles as live performances', () => {
    expect([...splitTitle('Wonderwall - Recorded at Spotify Studios NYC').versionTags]).toEqual(['live']);
    expect([...splitTitle('Radio Ga Ga - Live Aid').versionTags]).toEqual(['live']);
    expect(splitTitle('Radio Ga Ga - Live Aid').required).toEqual([['aid']]);
  });
});
