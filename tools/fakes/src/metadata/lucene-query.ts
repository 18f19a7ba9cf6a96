/**
 * The small subset of Lucene syntax MusicBrainz search clients send: `field:"phrase"`, `field:term`,
 * `field:[a TO b]`, bare terms, AND / OR / NOT (or `-`), parentheses (flattened). Strict on purpose: an
 * unescaped special character in a bare term or an unterminated phrase is a parse error (HTTP 400), so a
 * client that forgets to escape titles like `"Heroes"` or `AC/DC` fails loudly instead of matching by luck.
 */
export type LuceneValue =
  | { kind: 'phrase'; text: string }
  | { kind: 'term'; text: string }
  | { kind: 'range'; from: string; to: string };

export interface LuceneClause {
  field: string | null;
  value: LuceneValue;
  negated: boolean;
}

/** Top-level OR of AND-groups. */
export type LuceneQuery = LuceneClause[][];

export class LuceneParseError extends Error {}

const SPECIAL = new Set(['+', '-', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '\\', '/', '&', '|']);

export function parseLuceneQuery(input: string): LuceneQuery {
  const groups: LuceneQuery = [[]];
  let i = 0;
  let negateNext = false;
  const skipSpace = () => {
    while (i < input.length && /\s/.test(input[i])) i++;
  };

  const readPhrase = (): string => {
    i++; // opening quote
    let text = '';
    while (i < input.length && input[i] !== '"') {
      if (input[i] === '\\') {
        if (i + 1 >= input.length) throw new LuceneParseError('dangling escape');
        text += input[i + 1];
        i += 2;
      } else {
        text += input[i++];
      }
    }
    if (i >= input.length) throw new LuceneParseError('unterminated phrase');
    i++; // closing quote
    return text;
  };

  const readTerm = (stopAtColon: boolean): string => {
    let text = '';
    while (i < input.length && !/\s/.test(input[i]) && input[i] !== ')') {
      const ch = input[i];
      if (ch === '\\') {
        if (i + 1 >= input.length) throw new LuceneParseError('dangling escape');
        text += input[i + 1];
        i += 2;
        continue;
      }
      if (ch === ':' && stopAtColon) break;
      if (SPECIAL.has(ch) && !(ch === '*' && text.length > 0 && (i + 1 >= input.length || /\s/.test(input[i + 1])))) {
        throw new LuceneParseError(`unexpected '${ch}'`);
      }
      text += ch;
      i++;
    }
    return text;
  };

  const readRange = (): LuceneValue => {
    const close = input.indexOf(']', i);
    if (close < 0) throw new LuceneParseError('unterminated range');
    const inner = input.slice(i + 1, close).trim();
    const match = /^(\S+)\s+TO\s+(\S+)$/.exec(inner);
    if (!match) throw new LuceneParseError('bad range');
    i = close + 1;
    return { kind: 'range', from: match[1], to: match[2] };
  };

  const readValue = (): LuceneValue => {
    if (input[i] === '"') return { kind: 'phrase', text: readPhrase() };
    if (input[i] === '[') return readRange();
    return { kind: 'term', text: readTerm(false) };
  };

  while (i < input.length) {
    skipSpace();
    if (i >= input.length) break;
    const ch = input[i];
    if (ch === '(' || ch === ')') {
      i++;
      continue;
    }
    if (input.startsWith('AND ', i) || input.startsWith('&& ', i)) {
      i += input[i] === 'A' ? 4 : 3;
      continue;
    }
    if (input.startsWith('OR ', i) || input.startsWith('|| ', i)) {
      i += input[i] === 'O' ? 3 : 3;
      groups.push([]);
      continue;
    }
    if (input.startsWith('NOT ', i)) {
      i += 4;
      negateNext = true;
      continue;
    }
    if (ch === '-' || ch === '+') {
      negateNext = ch === '-';
      i++;
      continue;
    }
    let clause: LuceneClause;
    if (ch === '"' || ch === '[') {
      clause = { field: null, value: readValue(), negated: negateNext };
    } else {
      const start = i;
      const word = readTerm(true);
      if (input[i] === ':' && /^[a-z-]+$/i.test(word) && start === i - word.length) {
        i++;
        clause = { field: word.toLowerCase(), value: readValue(), negated: negateNext };
      } else if (input[i] === ':') {
        throw new LuceneParseError(`unexpected ':'`);
      } else {
        clause = { field: null, value: { kind: 'term', text: word }, negated: negateNext };
      }
    }
    negateNext = false;
    groups[groups.length - 1].push(clause);
  }
  return groups.filter((g) => g.length > 0);
}
