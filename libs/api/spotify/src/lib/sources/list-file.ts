import { CsvListParser } from './csv-list.parser';
import type { ListParseResult } from './list-track';
import { M3uListParser } from './m3u-list.parser';
import { TextListParser } from './text-list.parser';

export type ListFormat = 'csv' | 'text' | 'm3u';

interface ChunkParser {
  push(chunk: string): void;
  end(): ListParseResult;
}

/**
 * Encoding of an uploaded list, decided from its first bytes: a BOM wins (Excel's "Unicode text" is
 * UTF-16LE), valid UTF-8 is UTF-8, anything else is treated as Windows-1252 (old .m3u files, Excel CSV
 * on Windows), which is a superset of Latin-1 for printable text.
 */
export function detectEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Ignore a multi-byte sequence cut off at the end of the sample.
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back += 1) {
    const b = head[end - back];
    if (b >= 0xc0) {
      end -= back;
      break;
    }
    if (b < 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

export function detectListFormat(fileName: string | undefined, firstText: string): ListFormat {
  const ext = (fileName ?? '').toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'm3u' || ext === 'm3u8') return 'm3u';
  if (ext === 'txt') return 'text';
  const text = firstText.replace(/^\uFEFF/, '').trimStart();
  if (/^#EXTM3U/i.test(text) || /^#EXTINF:/im.test(text)) return 'm3u';
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (/\s[-–—]\s/.test(firstLine) && !/[",;\t].*[",;\t]/.test(firstLine)) return 'text';
  return /[,;\t]/.test(firstLine) ? 'csv' : 'text';
}

function parserFor(format: ListFormat): ChunkParser {
  if (format === 'csv') return new CsvListParser();
  if (format === 'm3u') return new M3uListParser();
  return new TextListParser();
}

export interface ParseListFileOptions {
  fileName?: string;
  format?: ListFormat;
  /** Upload guard: stop with an error past this many bytes (default 20 MiB). */
  maxBytes?: number;
}

export interface ParsedListFile extends ListParseResult {
  format: ListFormat;
  encoding: string;
}

/**
 * One entry point for uploaded lists: decodes (BOM / UTF-8 / Windows-1252), picks the parser from the
 * file name or content, and parses chunk by chunk so a large upload is never held twice in memory.
 */
export async function parseListFile(source: Uint8Array | AsyncIterable<Uint8Array>, options: ParseListFileOptions = {}): Promise<ParsedListFile> {
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  let decoder: TextDecoder | undefined;
  let parser: ChunkParser | undefined;
  let format: ListFormat | undefined = options.format;
  let encoding = 'utf-8';
  let bytes = 0;
  const feed = (chunk: Uint8Array) => {
    if (!decoder) {
      encoding = detectEncoding(chunk.subarray(0, 64 * 1024));
      decoder = new TextDecoder(encoding);
    }
    const text = decoder.decode(chunk, { stream: true });
    if (!parser) {
      format = format ?? detectListFormat(options.fileName, text);
      parser = parserFor(format);
    }
    parser.push(text);
  };
  const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = source instanceof Uint8Array ? [source] : source;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      const partial = parser?.end() ?? { tracks: [], errors: [] };
      return { ...partial, errors: [...partial.errors, { line: 0, reason: `file larger than ${maxBytes} bytes: the rest was not read` }], format: format ?? 'text', encoding };
    }
    if (chunk.length > 0) feed(chunk);
  }
  if (!parser) return { tracks: [], errors: [], format: format ?? 'text', encoding };
  parser.push(decoder?.decode() ?? '');
  return { ...parser.end(), format: format ?? 'text', encoding };
}
