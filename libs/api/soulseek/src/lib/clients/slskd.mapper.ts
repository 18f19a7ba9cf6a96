import {
  parseDotNetTimeSpan,
  parseSearchState,
  parseSlskdTimestamp,
  parseTransferState,
  remoteExtension,
  transferPhase,
} from './slskd.parsers';
import type {
  SlskdDirectory,
  SlskdSearch,
  SlskdSearchResult,
  SlskdSearchResultFile,
  SlskdTransfer,
} from './slskd.types';
import type {
  WireBrowseDirectory,
  WireSearch,
  WireSearchFile,
  WireSearchResponse,
  WireTransfer,
  WireUserTransfers,
} from './slskd.wire';

/** Wire → domain. Tolerates missing optional fields; numbers default to 0 where slskd would send 0. */

const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const optNum = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export function mapTransfer(wire: WireTransfer): SlskdTransfer {
  const state = parseTransferState(wire.state);
  const size = num(wire.size);
  const bytesTransferred = num(wire.bytesTransferred);
  return {
    id: wire.id,
    batchId: wire.batchId ?? undefined,
    username: wire.username,
    filename: wire.filename,
    size,
    rawState: wire.state,
    state,
    phase: transferPhase(state),
    isCompleted: state.has('Completed'),
    isSucceeded: state.has('Completed') && state.has('Succeeded'),
    isHardFailure: state.has('Completed') && (state.has('Cancelled') || state.has('Rejected') || state.has('Aborted')),
    // requestedAt is always sent; a broken value falls back to the epoch rather than local-time guessing.
    requestedAt: parseSlskdTimestamp(wire.requestedAt) ?? new Date(0),
    enqueuedAt: parseSlskdTimestamp(wire.enqueuedAt),
    startedAt: parseSlskdTimestamp(wire.startedAt),
    endedAt: parseSlskdTimestamp(wire.endedAt),
    bytesTransferred,
    bytesRemaining: num(wire.bytesRemaining, Math.max(0, size - bytesTransferred)),
    percentComplete: num(wire.percentComplete, size > 0 ? (bytesTransferred / size) * 100 : 0),
    averageSpeed: num(wire.averageSpeed),
    elapsedMs: parseDotNetTimeSpan(wire.elapsedTime),
    remainingMs: parseDotNetTimeSpan(wire.remainingTime),
    placeInQueue: optNum(wire.placeInQueue),
    exception: wire.exception ?? undefined,
    attempts: optNum(wire.attempts),
    removed: wire.removed === true,
  };
}

export function mapUserTransfers(users: WireUserTransfers[]): SlskdTransfer[] {
  return users.flatMap((u) => (u.directories ?? []).flatMap((d) => (d.files ?? []).map(mapTransfer)));
}

export function mapSearch(wire: WireSearch): SlskdSearch {
  const state = parseSearchState(wire.state);
  return {
    id: wire.id,
    searchText: wire.searchText,
    token: num(wire.token),
    rawState: wire.state,
    state,
    isComplete: state.has('Completed') || wire.isComplete === true,
    startedAt: parseSlskdTimestamp(wire.startedAt) ?? new Date(0),
    endedAt: parseSlskdTimestamp(wire.endedAt),
    responseCount: num(wire.responseCount),
    fileCount: num(wire.fileCount),
    lockedFileCount: num(wire.lockedFileCount),
  };
}

export function mapSearchFile(wire: WireSearchFile): SlskdSearchResultFile {
  return {
    filename: wire.filename,
    size: num(wire.size),
    // `extension` is whatever the peer sent (often ""), so derive it from the path.
    extension: remoteExtension(wire.filename) || (wire.extension ?? '').toLowerCase().replace(/^\./, ''),
    length: optNum(wire.length),
    bitRate: optNum(wire.bitRate),
    bitDepth: optNum(wire.bitDepth),
    sampleRate: optNum(wire.sampleRate),
    isVariableBitRate: typeof wire.isVariableBitRate === 'boolean' ? wire.isVariableBitRate : undefined,
  };
}

export function mapSearchResponse(wire: WireSearchResponse): SlskdSearchResult {
  return {
    username: wire.username,
    uploadSpeed: num(wire.uploadSpeed),
    queueLength: num(wire.queueLength),
    hasFreeUploadSlot: wire.hasFreeUploadSlot === true,
    files: (wire.files ?? []).map(mapSearchFile),
    lockedFiles: (wire.lockedFiles ?? []).map(mapSearchFile),
  };
}

/** Browse files carry bare names; join them with the directory using the directory's own separator. */
export function mapDirectory(wire: WireBrowseDirectory): SlskdDirectory {
  const separator = wire.name.includes('\\') || !wire.name.includes('/') ? '\\' : '/';
  const prefix = wire.name === '' || wire.name.endsWith(separator) ? wire.name : `${wire.name}${separator}`;
  return {
    name: wire.name,
    files: (wire.files ?? []).map((file) => {
      const attribute = (type: string) => file.attributes?.find((a) => a.type === type)?.value;
      const vbr = file.isVariableBitRate ?? (attribute('VariableBitRate') === undefined ? undefined : attribute('VariableBitRate') === 1);
      const full = `${prefix}${file.filename}`;
      return {
        name: file.filename,
        filename: full,
        size: num(file.size),
        extension: remoteExtension(file.filename) || (file.extension ?? '').toLowerCase(),
        length: optNum(file.length ?? attribute('Length')),
        bitRate: optNum(file.bitRate ?? attribute('BitRate')),
        bitDepth: optNum(file.bitDepth ?? attribute('BitDepth')),
        sampleRate: optNum(file.sampleRate ?? attribute('SampleRate')),
        isVariableBitRate: vbr,
      };
    }),
  };
}
