import { artistAliases, findArtist } from './artist';
import { tokens } from './normalize';

function found(name: string, path: string, context: string[] = []): boolean {
  return findArtist(artistAliases(name, context), tokens(path), path.toLowerCase()) !== null;
}

describe('artistAliases', () => {
  it('matches symbol spellings', () => {
    expect(found('AC/DC', 'ACDC - Back In Black')).toBe(true);
    expect(found('AC/DC', 'AC_DC - Back In Black')).toBe(true);
    expect(found('P!nk', 'Pink - So What')).toBe(true);
    expect(found('Ke$ha', 'Kesha - Tik Tok')).toBe(true);
    expect(found('!!!', '!!! - Louden Up Now')).toBe(true);
  });

  it('makes a leading "The" optional, also in "Beatles, The"', () => {
    expect(found('The Beatles', 'Beatles - Help')).toBe(true);
    expect(found('The Cranberries', 'Cranberries, The - Zombie')).toBe(true);
    // "The The" must not shrink to the word "the".
    expect(found('The The', 'The Killers - This Is the Day')).toBe(false);
  });

  it('accepts acronyms of long names and the leader of "X & The Y"', () => {
    expect(found('Electric Light Orchestra', 'ELO - Mr. Blue Sky')).toBe(true);
    expect(found('Bob Marley & The Wailers', 'Bob Marley - Redemption Song')).toBe(true);
  });

  it("accepts a composer's surname only when the wanted album names it", () => {
    expect(found('Antonio Vivaldi', 'Vivaldi - Spring', ['Vivaldi: The Four Seasons'])).toBe(true);
    expect(found('Taylor Swift', 'Swift - Love Story', ['Fearless'])).toBe(false);
  });
});
