export { SlskdClient, type SlskdClientOptions, type WaitForSearchOptions } from './slskd.client';
export { SlskdError, isSlskdError, type SlskdErrorCode } from './slskd.errors';
export * from './slskd.types';
export {
  parseTransferState,
  parseSearchState,
  transferPhase,
  parseSlskdTimestamp,
  parseDotNetTimeSpan,
  parseErrorBody,
  remoteExtension,
} from './slskd.parsers';
export { isTransferDefinitelyFailed, isInterruptedByRestart, SLSKD_RETRY_QUIET_MS } from './slskd.rules';
export {
  UnsafePathError,
  MAX_SEGMENT_BYTES,
  splitRemotePath,
  sanitizePathSegment,
  isPathInside,
  assertPathInside,
  isRealPathInside,
  safeJoin,
  safeLocalPathForRemote,
  predictSlskdDownloadPath,
  findSlskdDownloadedFile,
  type SanitizeOptions,
  type LocalPathOptions,
} from './slskd-paths';
