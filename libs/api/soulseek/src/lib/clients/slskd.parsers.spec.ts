import { mapDirectory, mapSearchFile, mapTransfer } from './slskd.mapper';
import {
  parseDotNetTimeSpan,
  parseErrorBody,
  parseSearchState,
  parseSlskdTimestamp,
  parseTransferState,
  remoteExtension,
  transferPhase,
} from './slskd.parsers';
import { isInterruptedByRestart, isTransferDefinitelyFailed } from './slskd.rules';
import type { WireTransfer } from './slskd.wire';

describe('slskd state flags', () => {
  it('parses comma-joined transfer flags into a set', () => {
    expect([...parseTransferState('Completed, Succeeded')].sort()).toEqual(['Completed', 'Succeeded']);
    expect([...parseTransferState('Queued, Remotely')].sort()).toEqual(['Queued', 'Remotely']);
    expect([...parseTransferState('InProgress')]).toEqual(['InProgress']);
  });

  it('tolerates spacing and case drift and ignores unknown flag names', () => {
    expect([...parseTransferState('completed,rejected , FutureFlag')].sort()).toEqual(['Completed', 'Rejected']);
    expect(parseTransferState('').size).toBe(0);
    expect(parseTransferState(undefined).size).toBe(0);
  });

  it('maps every state string of the contract to the right phase', () => {
    const cases: [string, string][] = [
      ['Queued, Locally', 'queued_locally'],
      ['Requested', 'requested'],
      ['Queued, Remotely', 'queued_remotely'],
      ['Initializing', 'initializing'],
      ['InProgress', 'in_progress'],
      ['Completed, Succeeded', 'succeeded'],
      ['Completed, Cancelled', 'cancelled'],
      ['Completed, TimedOut', 'timed_out'],
      ['Completed, Errored', 'errored'],
      ['Completed, Rejected', 'rejected'],
      ['Completed, Aborted', 'aborted'],
      ['None', 'queued_locally'],
      ['Queued', 'queued_locally'],
    ];
    for (const [raw, phase] of cases) expect([raw, transferPhase(parseTransferState(raw))]).toEqual([raw, phase]);
  });

  it('parses search states including limit reasons', () => {
    expect(parseSearchState('Completed, ResponseLimitReached').has('ResponseLimitReached')).toBe(true);
    expect(parseSearchState('Queued').has('Queued')).toBe(true);
    expect(parseSearchState('InProgress').has('Completed')).toBe(false);
  });
});

describe('slskd timestamps', () => {
  it('reads zone-less timestamps as UTC, not local time', () => {
    const previous = process.env['TZ'];
    try {
      process.env['TZ'] = 'America/New_York';
      expect(parseSlskdTimestamp('2026-08-22T18:06:00.1234567')?.toISOString()).toBe('2026-08-22T18:06:00.123Z');
    } finally {
      process.env['TZ'] = previous;
    }
  });

  it('reads Z and offset timestamps and 7-digit fractions', () => {
    expect(parseSlskdTimestamp('2026-08-22T18:04:31.5120000Z')?.toISOString()).toBe('2026-08-22T18:04:31.512Z');
    expect(parseSlskdTimestamp('2026-08-22T20:04:31+02:00')?.toISOString()).toBe('2026-08-22T18:04:31.000Z');
    expect(parseSlskdTimestamp('2026-08-22T18:04:31')?.toISOString()).toBe('2026-08-22T18:04:31.000Z');
  });

  it('returns undefined for missing or malformed values', () => {
    expect(parseSlskdTimestamp(undefined)).toBeUndefined();
    expect(parseSlskdTimestamp('yesterday')).toBeUndefined();
    expect(parseSlskdTimestamp('2026-13-45T99:00:00')).toBeUndefined();
  });

  it('parses .NET TimeSpans with and without days and fractions', () => {
    expect(parseDotNetTimeSpan('00:01:02.5000000')).toBe(62_500);
    expect(parseDotNetTimeSpan('00:00:10')).toBe(10_000);
    expect(parseDotNetTimeSpan('1.02:03:04')).toBe(93_784_000);
    expect(parseDotNetTimeSpan('00:00:00.0000001')).toBeCloseTo(0.0001, 6);
    expect(parseDotNetTimeSpan('-00:00:01')).toBe(-1000);
    expect(parseDotNetTimeSpan('soon')).toBeUndefined();
  });
});

describe('slskd error bodies', () => {
  it('unwraps bare JSON strings, ProblemDetails and empty bodies', () => {
    expect(parseErrorBody('"User bob appears to be offline"')).toBe('User bob appears to be offline');
    expect(parseErrorBody('{"title":"Not Found","status":404}')).toBe('Not Found');
    expect(parseErrorBody('')).toBeUndefined();
    expect(parseErrorBody('plain text')).toBe('plain text');
  });
});

const wireTransfer = (over: Partial<WireTransfer>): WireTransfer => ({
  id: 'd3b07384-d9a0-4c2e-9f4b-1c2d3e4f5a6b',
  username: 'peer',
  direction: 'Download',
  filename: '@@kqzpt\\Music\\Artist\\2001 - Album\\01 - Intro.flac',
  size: 1000,
  state: 'InProgress',
  requestedAt: '2026-08-22T18:06:00.1234567',
  ...over,
});

describe('transfer mapping', () => {
  it('maps an in-progress transfer with speeds, times and UTC dates', () => {
    const t = mapTransfer(
      wireTransfer({
        bytesTransferred: 250,
        averageSpeed: 125.5,
        percentComplete: 25,
        elapsedTime: '00:00:02',
        remainingTime: '00:00:06',
        enqueuedAt: '2026-08-22T18:06:01.0023456',
        startedAt: '2026-08-22T18:06:02.5000000Z',
      }),
    );
    expect(t.phase).toBe('in_progress');
    expect(t.isCompleted).toBe(false);
    expect(t.bytesRemaining).toBe(750);
    expect(t.elapsedMs).toBe(2000);
    expect(t.remainingMs).toBe(6000);
    expect(t.requestedAt.toISOString()).toBe('2026-08-22T18:06:00.123Z');
    expect(t.enqueuedAt?.toISOString()).toBe('2026-08-22T18:06:01.002Z');
    expect(t.removed).toBe(false);
  });

  it('classifies hard failures and retryable failures per the 0.26 rules', () => {
    const rejected = mapTransfer(wireTransfer({ state: 'Completed, Rejected', exception: 'Transfer rejected: File not shared.' }));
    expect(rejected.isHardFailure).toBe(true);
    expect(isTransferDefinitelyFailed(rejected, { retryAttempts: 3 })).toBe(true);

    const errored = mapTransfer(wireTransfer({ state: 'Completed, Errored', attempts: 1 }));
    expect(errored.isHardFailure).toBe(false);
    expect(isTransferDefinitelyFailed(errored, { retryAttempts: 3 })).toBe(false);
    expect(isTransferDefinitelyFailed(errored, { retryAttempts: 3, unchangedForMs: 71_000 })).toBe(true);
    expect(isTransferDefinitelyFailed({ ...errored, attempts: 3 }, { retryAttempts: 3 })).toBe(true);
    expect(isTransferDefinitelyFailed(errored, { retryAttempts: 0 })).toBe(true);

    const ok = mapTransfer(wireTransfer({ state: 'Completed, Succeeded' }));
    expect(isTransferDefinitelyFailed(ok, { retryAttempts: 0 })).toBe(false);
  });

  it('recognises downloads interrupted by an slskd restart', () => {
    expect(isInterruptedByRestart(mapTransfer(wireTransfer({ state: 'Completed, Errored', exception: 'Application shut down' })))).toBe(true);
    expect(isInterruptedByRestart(mapTransfer(wireTransfer({ state: 'Completed, Errored', exception: 'Remote closed' })))).toBe(false);
  });
});

describe('search file and browse mapping', () => {
  it('derives the extension from the path when the peer sends ""', () => {
    expect(mapSearchFile({ filename: 'Music\\A\\B\\01 Song.MP3', size: 3, extension: '' }).extension).toBe('mp3');
    expect(mapSearchFile({ filename: 'Music\\A\\B\\noext', size: 3, extension: 'flac' }).extension).toBe('flac');
    expect(remoteExtension('a\\b.c\\file')).toBe('');
  });

  it('joins bare browse names with the directory and reads attributes', () => {
    const dir = mapDirectory({
      name: '@@kqzpt\\Music\\Artist\\2001 - Album',
      fileCount: 1,
      files: [
        {
          filename: '02 - Song.mp3',
          size: 9,
          attributes: [
            { type: 'BitRate', value: 320 },
            { type: 'Length', value: 243 },
            { type: 'VariableBitRate', value: 0 },
          ],
        },
      ],
    });
    expect(dir.files[0].filename).toBe('@@kqzpt\\Music\\Artist\\2001 - Album\\02 - Song.mp3');
    expect(dir.files[0]).toMatchObject({ name: '02 - Song.mp3', bitRate: 320, length: 243, isVariableBitRate: false });
  });
});
