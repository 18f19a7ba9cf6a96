import { randomUUID } from 'node:crypto';
import { dotNetDate, extensionOf } from './wire-format';
import type { FakeSlskdAttribute, FakeSlskdFile, FakeSlskdPeer, FakeSlskdTiming } from './types';

/** Search side of the fake: word matching over the catalogue and the slskd search lifecycle (contract §3). */

export interface SearchParams {
  searchTimeout: number;
  responseLimit: number;
  fileLimit: number;
  filterResponses: boolean;
  minimumResponseFileCount: number;
  minimumPeerUploadSpeed: number;
  maximumPeerQueueLength: number;
}

export const DEFAULT_SEARCH_PARAMS: SearchParams = {
  searchTimeout: 15000,
  responseLimit: 250,
  fileLimit: 25000,
  filterResponses: true,
  minimumResponseFileCount: 1,
  minimumPeerUploadSpeed: 0,
  maximumPeerQueueLength: 2147483647,
};

export interface WireSearchFile {
  filename: string;
  size: number;
  code: number;
  extension: string;
  isLocked: boolean;
  bitRate?: number;
  bitDepth?: number;
  sampleRate?: number;
  length?: number;
  isVariableBitRate?: boolean;
}

export interface WireSearchResponse {
  username: string;
  token: number;
  fileCount: number;
  lockedFileCount: number;
  hasFreeUploadSlot: boolean;
  uploadSpeed: number;
  queueLength: number;
  files: WireSearchFile[];
  lockedFiles: WireSearchFile[];
}

interface SearchRecord {
  id: string;
  searchText: string;
  token: number;
  state: string;
  startedAt: Date;
  endedAt?: Date;
  responseCount: number;
  fileCount: number;
  lockedFileCount: number;
  params: SearchParams;
  terms: string[];
  exclusions: string[];
  pending: WireSearchResponse[];
  published: WireSearchResponse[];
  timers: NodeJS.Timeout[];
  idleTimer?: NodeJS.Timeout;
  countTimer?: NodeJS.Timeout;
  finished: boolean;
  holdsSlot: boolean;
}

const ALL_ATTRIBUTES: FakeSlskdAttribute[] = ['bitRate', 'length', 'sampleRate', 'bitDepth', 'isVariableBitRate'];
const MAX_NETWORK_SEARCHES = 2;

export class SearchQueryError extends Error {}

/** Splits slskd search text into terms and `-exclusions`, dropping one-character terms as slskd does. */
export function parseSearchText(text: string): { terms: string[]; exclusions: string[] } {
  const words = text.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  const exclusions = words.filter((w) => w.startsWith('-') && w.length > 2).map((w) => w.slice(1));
  const terms = words.filter((w) => !w.startsWith('-') && w.length > 1);
  return { terms, exclusions };
}

/** A peer returns a file only when every term appears in its full path (case-insensitive) and no exclusion does. */
export function matchesQuery(remotePath: string, terms: string[], exclusions: string[]): boolean {
  const haystack = remotePath.toLowerCase();
  return terms.every((t) => haystack.includes(t)) && !exclusions.some((e) => haystack.includes(e));
}

export function toWireSearchFile(file: FakeSlskdFile, peer: FakeSlskdPeer, fullPath = true): WireSearchFile {
  const reported = new Set(peer.reportedAttributes ?? ALL_ATTRIBUTES);
  const segments = file.path.split('\\');
  const wire: WireSearchFile = {
    filename: fullPath ? file.path : segments[segments.length - 1],
    size: file.size,
    code: 1,
    extension: peer.reportsExtension === false ? '' : extensionOf(file.path),
    // slskd never sets isLocked, even for locked files (contract §3.4).
    isLocked: false,
  };
  if (reported.has('bitRate') && file.bitRate !== undefined) wire.bitRate = file.bitRate;
  if (reported.has('bitDepth') && file.bitDepth !== undefined) wire.bitDepth = file.bitDepth;
  if (reported.has('sampleRate') && file.sampleRate !== undefined) wire.sampleRate = file.sampleRate;
  if (reported.has('length') && file.length !== undefined) wire.length = file.length;
  if (reported.has('isVariableBitRate') && file.isVariableBitRate !== undefined) {
    wire.isVariableBitRate = file.isVariableBitRate;
  }
  return wire;
}

export class SearchEngine {
  private readonly searches = new Map<string, SearchRecord>();
  private nextToken = 1000 + Math.floor(Math.random() * 1000);

  constructor(
    private readonly peers: () => FakeSlskdPeer[],
    private readonly isOnline: (username: string) => boolean,
    private readonly timing: FakeSlskdTiming,
  ) {}

  has(id: string): boolean {
    return this.searches.has(id.toLowerCase());
  }

  /** Creates and starts a search; throws SearchQueryError for an all-short or empty query. */
  create(id: string | undefined, searchText: string, params: SearchParams): Record<string, unknown> {
    const searchId = (id ?? randomUUID()).toLowerCase();
    const { terms, exclusions } = parseSearchText(searchText);
    const record: SearchRecord = {
      id: searchId,
      searchText,
      token: this.nextToken++,
      state: 'Requested',
      startedAt: new Date(),
      responseCount: 0,
      fileCount: 0,
      lockedFileCount: 0,
      params,
      terms,
      exclusions,
      pending: [],
      published: [],
      timers: [],
      finished: false,
      holdsSlot: false,
    };
    this.searches.set(searchId, record);
    if (terms.length === 0) {
      // slskd writes the row before the query is rejected, leaving an errored record (contract §3.2).
      record.state = 'Completed, Errored';
      record.endedAt = record.startedAt;
      record.finished = true;
      throw new SearchQueryError(
        "Search query must contain at least one non-exclusion term with length greater than 1 (Parameter 'query')",
      );
    }
    const snapshot = this.toWire(record, false);
    this.pump();
    return snapshot;
  }

  /** Records a search that failed because the client is not logged in (409 path). */
  createErrored(id: string | undefined, searchText: string): void {
    const searchId = (id ?? randomUUID()).toLowerCase();
    const now = new Date();
    this.searches.set(searchId, {
      id: searchId,
      searchText,
      token: this.nextToken++,
      state: 'Completed, Errored',
      startedAt: now,
      endedAt: now,
      responseCount: 0,
      fileCount: 0,
      lockedFileCount: 0,
      params: DEFAULT_SEARCH_PARAMS,
      terms: [],
      exclusions: [],
      pending: [],
      published: [],
      timers: [],
      finished: true,
      holdsSlot: false,
    });
  }

  list(): Record<string, unknown>[] {
    return [...this.searches.values()].map((s) => this.toWire(s, false));
  }

  get(id: string, includeResponses: boolean): Record<string, unknown> | undefined {
    const record = this.searches.get(id.toLowerCase());
    return record ? this.toWire(record, includeResponses) : undefined;
  }

  responses(id: string): WireSearchResponse[] | undefined {
    return this.searches.get(id.toLowerCase())?.published;
  }

  /** PUT: stop; whatever arrived is still published. */
  stop(id: string): boolean {
    const record = this.searches.get(id.toLowerCase());
    if (!record) return false;
    if (!record.finished) this.complete(record, 'Cancelled');
    return true;
  }

  /** DELETE removes the row only; a running network search keeps its slot until it ends (contract §3.5). */
  delete(id: string): boolean {
    const record = this.searches.get(id.toLowerCase());
    if (!record) return false;
    this.searches.delete(record.id);
    return true;
  }

  /** Restart: running searches come back `Completed, TimedOut` with zero counts and no responses. */
  restart(forgetHistory: boolean): void {
    for (const record of this.running) this.clearTimers(record);
    this.running.clear();
    for (const record of this.searches.values()) {
      this.clearTimers(record);
      if (!record.finished || !record.endedAt) {
        record.finished = true;
        record.holdsSlot = false;
        record.state = 'Completed, TimedOut';
        record.responseCount = 0;
        record.fileCount = 0;
        record.lockedFileCount = 0;
        record.pending = [];
        record.published = [];
        record.endedAt = new Date();
      }
    }
    if (forgetHistory) this.searches.clear();
  }

  shutdown(): void {
    for (const record of this.running) this.clearTimers(record);
    this.running.clear();
    for (const record of this.searches.values()) this.clearTimers(record);
  }

  /** Searches holding one of the two network slots, including deleted ones that still run. */
  private readonly running = new Set<SearchRecord>();

  /** Starts queued searches while fewer than two run (Soulseek.NET maximumConcurrentSearches). */
  private pump(): void {
    for (const record of this.searches.values()) {
      if (record.finished || record.holdsSlot) continue;
      if (this.running.size >= MAX_NETWORK_SEARCHES) {
        record.state = 'Queued';
        continue;
      }
      this.start(record);
    }
  }

  private start(record: SearchRecord): void {
    record.holdsSlot = true;
    this.running.add(record);
    record.state = 'InProgress';
    const [minDelay, maxDelay] = this.timing.searchResponseDelayMs;
    const peers = this.peers();
    peers.forEach((peer, index) => {
      const response = this.buildResponse(peer, record);
      if (!response) return;
      // Deterministic spread so a test sees the same ordering run after run.
      const spread = peers.length > 1 ? index / (peers.length - 1) : 0;
      const delay = peer.responseDelayMs ?? Math.round(minDelay + (maxDelay - minDelay) * spread);
      record.timers.push(setTimeout(() => this.accept(record, peer, response), delay));
    });
    this.armIdleTimer(record);
    record.countTimer = setInterval(() => this.flushCounts(record), this.timing.searchCountIntervalMs);
  }

  private buildResponse(peer: FakeSlskdPeer, record: SearchRecord): WireSearchResponse | undefined {
    const matching = peer.files.filter((f) => matchesQuery(f.path, record.terms, record.exclusions));
    if (matching.length === 0) return undefined;
    const files = matching.filter((f) => !f.locked).map((f) => toWireSearchFile(f, peer));
    const lockedFiles = matching.filter((f) => f.locked).map((f) => toWireSearchFile(f, peer));
    return {
      username: peer.username,
      token: record.token,
      fileCount: files.length,
      lockedFileCount: lockedFiles.length,
      hasFreeUploadSlot: peer.hasFreeUploadSlot,
      uploadSpeed: peer.uploadSpeed,
      queueLength: peer.queueLength,
      files,
      lockedFiles,
    };
  }

  private accept(record: SearchRecord, peer: FakeSlskdPeer, response: WireSearchResponse): void {
    if (record.finished || !this.isOnline(peer.username)) return;
    const p = record.params;
    if (p.filterResponses) {
      if (response.fileCount + response.lockedFileCount < p.minimumResponseFileCount) return;
      if (response.uploadSpeed < p.minimumPeerUploadSpeed) return;
      if (response.queueLength >= p.maximumPeerQueueLength) return;
    }
    record.pending.push(response);
    this.armIdleTimer(record);
    const responses = record.pending.length;
    const files = record.pending.reduce((n, r) => n + r.fileCount, 0);
    if (responses >= p.responseLimit) this.complete(record, 'ResponseLimitReached');
    else if (files >= p.fileLimit) this.complete(record, 'FileLimitReached');
  }

  /** searchTimeout is an idle timeout in ms, restarted by every accepted response. */
  private armIdleTimer(record: SearchRecord): void {
    if (record.idleTimer) clearTimeout(record.idleTimer);
    record.idleTimer = setTimeout(() => this.complete(record, 'TimedOut'), record.params.searchTimeout);
  }

  private flushCounts(record: SearchRecord): void {
    record.responseCount = record.pending.length;
    record.fileCount = record.pending.reduce((n, r) => n + r.fileCount, 0);
    record.lockedFileCount = record.pending.reduce((n, r) => n + r.lockedFileCount, 0);
  }

  private complete(record: SearchRecord, reason: string): void {
    if (record.finished) return;
    record.finished = true;
    this.clearTimers(record);
    this.flushCounts(record);
    // State first, responses and endedAt a moment later: clients must wait for endedAt (contract §3.5).
    record.state = `Completed, ${reason}`;
    record.holdsSlot = false;
    this.running.delete(record);
    const finalize = setTimeout(() => {
      record.published = record.pending;
      record.endedAt = new Date();
    }, this.timing.searchFinalizeDelayMs);
    record.timers.push(finalize);
    this.pump();
  }

  private clearTimers(record: SearchRecord): void {
    if (record.idleTimer) clearTimeout(record.idleTimer);
    if (record.countTimer) clearInterval(record.countTimer);
    // Keep the finalize timer if the record is already completing; restart clears it explicitly.
    for (const t of record.timers) clearTimeout(t);
    record.timers = [];
  }

  private toWire(record: SearchRecord, includeResponses: boolean): Record<string, unknown> {
    return {
      endedAt: record.endedAt ? dotNetDate(record.endedAt) : undefined,
      fileCount: record.fileCount,
      id: record.id,
      isComplete: record.state.includes('Completed'),
      lockedFileCount: record.lockedFileCount,
      responseCount: record.responseCount,
      responses: includeResponses ? record.published : [],
      searchText: record.searchText,
      startedAt: dotNetDate(record.startedAt),
      state: record.state,
      token: record.token,
    };
  }
}
