import type { SlskdSearchStateFlag, SlskdTransferPhase, SlskdTransferStateFlag } from './slskd.types';

/** Parsers for slskd's .NET-isms: flag strings, zone-less timestamps, TimeSpans, JSON-string error bodies. */

const TRANSFER_FLAGS: ReadonlySet<string> = new Set<SlskdTransferStateFlag>([
  'None',
  'Requested',
  'Queued',
  'Initializing',
  'InProgress',
  'Completed',
  'Succeeded',
  'Cancelled',
  'TimedOut',
  'Errored',
  'Rejected',
  'Aborted',
  'Locally',
  'Remotely',
]);

const SEARCH_FLAGS: ReadonlySet<string> = new Set<SlskdSearchStateFlag>([
  'None',
  'Requested',
  'InProgress',
  'Completed',
  'Cancelled',
  'TimedOut',
  'ResponseLimitReached',
  'FileLimitReached',
  'Errored',
  'Queued',
]);

function parseFlags<T extends string>(raw: string | undefined | null, known: ReadonlySet<string>): Set<T> {
  const flags = new Set<T>();
  if (!raw) return flags;
  for (const part of raw.split(',')) {
    const name = part.trim();
    // Flags serialise as PascalCase names; tolerate case drift and ignore names from newer versions.
    const canonical = [...known].find((k) => k.toLowerCase() === name.toLowerCase());
    if (canonical) flags.add(canonical as T);
  }
  return flags;
}

/** `"Completed, Succeeded"` → {Completed, Succeeded}. Never compare the raw strings (contract §13.6). */
export function parseTransferState(raw: string | undefined | null): Set<SlskdTransferStateFlag> {
  return parseFlags<SlskdTransferStateFlag>(raw, TRANSFER_FLAGS);
}

export function parseSearchState(raw: string | undefined | null): Set<SlskdSearchStateFlag> {
  return parseFlags<SlskdSearchStateFlag>(raw, SEARCH_FLAGS);
}

export function transferPhase(state: ReadonlySet<SlskdTransferStateFlag>): SlskdTransferPhase {
  if (state.has('Completed')) {
    if (state.has('Succeeded')) return 'succeeded';
    if (state.has('Cancelled')) return 'cancelled';
    if (state.has('Rejected')) return 'rejected';
    if (state.has('Aborted')) return 'aborted';
    if (state.has('TimedOut')) return 'timed_out';
    return 'errored';
  }
  if (state.has('InProgress')) return 'in_progress';
  if (state.has('Initializing')) return 'initializing';
  if (state.has('Queued') && state.has('Remotely')) return 'queued_remotely';
  if (state.has('Requested')) return 'requested';
  // "Queued, Locally", and the "None"/"Queued" values that should not appear but mean "waiting here".
  if (state.has('Queued') || state.has('None')) return 'queued_locally';
  return 'unknown';
}

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an slskd timestamp as UTC. `requestedAt`/`enqueuedAt` come without a zone but are UTC, and
 * JavaScript would read a zone-less ISO string as local time, so the zone is added explicitly.
 * Fractions beyond milliseconds (.NET writes 7 digits) are truncated. Returns undefined for junk.
 */
export function parseSlskdTimestamp(raw: string | undefined | null): Date | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = ISO_PATTERN.exec(raw.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match;
  const ms = Number((fraction + '000').slice(0, 3));
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const base = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
  if (Number.isNaN(base)) return undefined;
  if (!zone || zone.toUpperCase() === 'Z') return new Date(base);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return new Date(base - sign * offsetMinutes * 60_000);
}

const TIMESPAN_PATTERN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** .NET TimeSpan "c" format (`[-][d.]hh:mm:ss[.fffffff]`) → milliseconds; undefined for junk. */
export function parseDotNetTimeSpan(raw: string | undefined | null): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = TIMESPAN_PATTERN.exec(raw.trim());
  if (!match) return undefined;
  const [, negative, days = '0', hours, minutes, seconds, fraction = ''] = match;
  const ms =
    Number(days) * 86_400_000 +
    Number(hours) * 3_600_000 +
    Number(minutes) * 60_000 +
    Number(seconds) * 1000 +
    Number((fraction + '0000000').slice(0, 7)) / 10_000;
  return negative ? -ms : ms;
}

/**
 * The human message in an slskd error body: empty (→ undefined), a bare JSON string, a ProblemDetails
 * object from ≤0.21, or plain text.
 */
export function parseErrorBody(body: string | undefined | null): string | undefined {
  if (body == null) return undefined;
  const text = body.trim();
  if (text === '') return undefined;
  if (text.startsWith('"') || text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed;
      if (typeof parsed === 'object' && parsed !== null) {
        const record = parsed as Record<string, unknown>;
        const detail = record['detail'] ?? record['title'] ?? record['message'];
        if (typeof detail === 'string') return detail;
      }
    } catch {
      // fall through to raw text
    }
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Lower-case extension of a remote path (either separator), without the dot; '' when there is none. */
export function remoteExtension(remote: string): string {
  const name = remote.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}
