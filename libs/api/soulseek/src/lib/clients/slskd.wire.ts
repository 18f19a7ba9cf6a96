/**
 * slskd JSON as it arrives (contract §12). Every field that slskd omits when null is optional here, and
 * nothing in this file leaves `clients/`: the mapper turns it into the domain types in `slskd.types.ts`.
 */

export type WireGuid = string;
/** ISO-8601, sometimes without the trailing `Z`; always UTC. */
export type WireTimestamp = string;
/** .NET TimeSpan "c" format: `[d.]hh:mm:ss[.fffffff]`. */
export type WireTimeSpan = string;

export interface WireSearch {
  id: WireGuid;
  searchText: string;
  token: number;
  state: string;
  isComplete: boolean;
  startedAt: WireTimestamp;
  endedAt?: WireTimestamp;
  responseCount: number;
  fileCount: number;
  lockedFileCount: number;
  responses?: WireSearchResponse[];
}

export interface WireSearchResponse {
  username: string;
  token: number;
  fileCount: number;
  lockedFileCount: number;
  hasFreeUploadSlot: boolean;
  uploadSpeed: number;
  queueLength: number;
  files?: WireSearchFile[];
  lockedFiles?: WireSearchFile[];
}

export interface WireSearchFile {
  filename: string;
  size: number;
  code?: number;
  extension?: string;
  isLocked?: boolean;
  bitRate?: number;
  bitDepth?: number;
  sampleRate?: number;
  length?: number;
  isVariableBitRate?: boolean;
}

export interface WireSearchRequest {
  id?: WireGuid;
  searchText: string;
  searchTimeout?: number;
  responseLimit?: number;
  fileLimit?: number;
  filterResponses?: boolean;
  minimumResponseFileCount?: number;
  minimumPeerUploadSpeed?: number;
  maximumPeerQueueLength?: number;
}

export interface WireTransfer {
  id: WireGuid;
  batchId?: WireGuid;
  username: string;
  direction: 'Download' | 'Upload';
  filename: string;
  size: number;
  startOffset?: number;
  state: string;
  requestedAt: WireTimestamp;
  enqueuedAt?: WireTimestamp;
  startedAt?: WireTimestamp;
  endedAt?: WireTimestamp;
  bytesTransferred?: number;
  averageSpeed?: number;
  bytesRemaining?: number;
  percentComplete?: number;
  elapsedTime?: WireTimeSpan;
  remainingTime?: WireTimeSpan;
  placeInQueue?: number;
  exception?: string;
  attempts?: number;
  nextAttemptAt?: WireTimestamp;
  removed?: boolean;
}

export interface WireUserTransfers {
  username: string;
  directories?: { directory: string; fileCount: number; files?: WireTransfer[] }[];
}

/** 0.24–0.25: `failed` is filename strings; 0.26: value tuples serialised as `{}`. ≤0.23: no body at all. */
export interface WireLegacyEnqueueResult {
  enqueued?: WireTransfer[];
  failed?: unknown[];
}

export interface WireBatchEnqueueResult {
  batch?: { id: WireGuid; username: string; transfers?: WireTransfer[] };
  failures?: { filename?: string; message?: string }[];
}

export interface WireBrowseFile {
  filename: string;
  size: number;
  code?: number;
  extension?: string;
  attributeCount?: number;
  attributes?: { type: string; value: number }[];
  bitRate?: number;
  bitDepth?: number;
  sampleRate?: number;
  length?: number;
  isVariableBitRate?: boolean;
}

export interface WireBrowseDirectory {
  name: string;
  fileCount: number;
  files?: WireBrowseFile[];
}

export interface WireServerState {
  state: string;
  isConnected: boolean;
  isLoggedIn: boolean;
  isTransitioning?: boolean;
  isConnecting?: boolean;
  isLoggingIn?: boolean;
  address?: string;
  ipEndPoint?: string;
}

export interface WireApplicationState {
  version?: { current?: string; full?: string };
  server?: WireServerState;
  user?: { username?: string };
}

export interface WireOptions {
  directories?: { downloads?: string; incomplete?: string };
  transfers?: { download?: { retry?: { attempts?: number } } };
}

export interface WireEventRecord {
  id: WireGuid;
  timestamp: WireTimestamp;
  type: string;
  data: string;
}

export interface WireSessionToken {
  token: string;
  expires: number;
  tokenType?: string;
}

export interface WireUserStatus {
  presence?: string;
  isPrivileged?: boolean;
}
