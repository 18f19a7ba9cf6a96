import { buildQueryPlan } from './query-plan';
import { track } from './spec-helpers';

describe('buildQueryPlan', () => {
  it('starts with clean artist + base title, without remaster or feat. words', () => {
    const plan = buildQueryPlan(track({ title: 'Hey Jude - Remastered 2015', artists: ['The Beatles'], album: '1 (Remastered)' }));
    expect(plan[0]).toMatchObject({ id: 'Q1', query: 'the beatles hey jude', when: 'always' });
    const feat = buildQueryPlan(track({ title: 'Crazy In Love (feat. Jay-Z)', artists: ['Beyoncé', 'JAY-Z'], album: 'Dangerously In Love' }));
    expect(feat[0].query).toBe('beyonce crazy in love');
    expect(feat.find((s) => s.id === 'Q4')?.query).toBe('jay z crazy in love');
  });

  it("keeps a remixer's name in the query", () => {
    const plan = buildQueryPlan(track({ title: 'Cinema - Skrillex Remix', artists: ['Benny Benassi'], album: 'Cinema' }));
    expect(plan[0].query).toBe('benny benassi cinema skrillex');
  });

  it('adds an alias variant, an album query and a title-only query with stricter acceptance', () => {
    const plan = buildQueryPlan(track({ title: 'Thunderstruck', artists: ['AC/DC'], album: 'The Razors Edge (Remastered)' }));
    const byId = new Map(plan.map((s) => [s.id, s]));
    expect(byId.get('Q1')?.query).toBe('ac dc thunderstruck');
    expect(byId.get('Q1b')?.query).toBe('acdc thunderstruck');
    expect(byId.get('Q2')).toMatchObject({ query: 'ac dc the razors edge', requirements: { albumFolderMatch: true } });
    expect(byId.get('Q3')).toMatchObject({
      query: 'thunderstruck',
      responseLimit: 250,
      requirements: { artistInPath: true, durationKnown: true, exactTitlePhrase: true },
    });
  });

  it('drops the album query of a title track, which would repeat Q1', () => {
    const plan = buildQueryPlan(track({ title: 'Highway to Hell', artists: ['AC/DC'], album: 'Highway to Hell' }));
    expect(plan.map((s) => s.id)).not.toContain('Q2');
  });

  it('skips the title-only query for short, generic titles and never repeats a query', () => {
    const plan = buildQueryPlan(track({ title: 'Numb', artists: ['Linkin Park'], album: 'Meteora' }));
    expect(plan.some((s) => s.id === 'Q3')).toBe(false);
    expect(new Set(plan.map((s) => s.query)).size).toBe(plan.length);
  });

  it('offers a fallback without a rare token when the first query finds nothing', () => {
    const plan = buildQueryPlan(track({ title: '1979 - Remastered 2012', artists: ['The Smashing Pumpkins'], album: 'Mellon Collie' }));
    const q5 = plan.find((s) => s.id === 'Q5');
    expect(q5).toMatchObject({ when: 'previous-empty', query: 'the smashing pumpkins' });
  });

  it('replaces banned words by a wildcard form', () => {
    const plan = buildQueryPlan(track({ title: 'Help!', artists: ['The Beatles'], album: 'Help!' }), { bannedWords: ['beatles'] });
    expect(plan[0].query).toBe('the *eatles help');
  });
});
