/** Characters Lucene's query parser treats as syntax (`&&`/`||` are covered by escaping each & and |). */
const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;

/** Escapes a user value so it is matched literally, e.g. `AC/DC` → `AC\/DC`, `"Heroes"` → `\"Heroes\"`. */
export function escapeLucene(value: string): string {
  return value.replace(LUCENE_SPECIAL, (ch) => `\\${ch}`);
}

/** `field:"value"` with the value escaped; whitespace collapsed so line breaks can't split the phrase. */
export function lucenePhrase(field: string, value: string): string {
  return `${field}:"${escapeLucene(value.replace(/\s+/g, ' ').trim())}"`;
}
