import { escapeLucene, lucenePhrase } from './lucene';

describe('escapeLucene', () => {
  it.each([
    ['AC/DC', 'AC\\/DC'],
    ['"Heroes"', '\\"Heroes\\"'],
    ['Music: Response', 'Music\\: Response'],
    ['!!!!!!!', '\\!\\!\\!\\!\\!\\!\\!'],
    ['Salt-N-Pepa (Remix) [x] {y} ^~*?\\&|+', 'Salt\\-N\\-Pepa \\(Remix\\) \\[x\\] \\{y\\} \\^\\~\\*\\?\\\\\\&\\|\\+'],
    ['Plain Title', 'Plain Title'],
  ])('%s → %s', (input, expected) => {
    expect(escapeLucene(input)).toBe(expected);
  });

  it('builds a field phrase on one line', () => {
    expect(lucenePhrase('recording', ' bad\nguy ')).toBe('recording:"bad guy"');
  });
});
