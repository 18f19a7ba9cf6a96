import { Logger } from '@nestjs/common';
import { parseRetryAfter } from '@soulspot/api/core';
import axios, { AxiosError, type AxiosInstance, type RawAxiosRequestHeaders } from 'axios';
import { SlskdError, type SlskdErrorCode } from './slskd.errors';
import { mapDirectory, mapSearch, mapSearchResponse, mapTransfer, mapUserTransfers } from './slskd.mapper';
import { parseErrorBody, parseSlskdTimestamp } from './slskd.parsers';
import type {
  SlskdConnectionInfo,
  SlskdDirectory,
  SlskdDownloadCompleteEvent,
  SlskdEnqueueFile,
  SlskdEnqueueResult,
  SlskdOptionsInfo,
  SlskdSearch,
  SlskdSearchParams,
  SlskdSearchResult,
  SlskdServerState,
  SlskdTransfer,
} from './slskd.types';
import type {
  WireApplicationState,
  WireBatchEnqueueResult,
  WireBrowseDirectory,
  WireEventRecord,
  WireLegacyEnqueueResult,
  WireOptions,
  WireSearch,
  WireSearchRequest,
  WireSearchResponse,
  WireServerState,
  WireSessionToken,
  WireTransfer,
  WireUserStatus,
  WireUserTransfers,
} from './slskd.wire';

export interface SlskdClientOptions {
  /** slskd root including any `web.url_base`, e.g. `http://slskd:5030/slskd`; `/api/v0` is appended. */
  baseUrl: string;
  /** Sent as `X-API-Key` (slskd never accepts an API key as a Bearer token on REST routes). */
  apiKey?: string;
  /** Web login for JWT auth, used when no API key is configured. Tokens die on slskd restart; we re-login. */
  username?: string;
  password?: string;
  /** Per-request timeout (default 15 s; enqueues can take seconds while slskd connects to the peer). */
  timeoutMs?: number;
  /**
   * How often a 429 from slskd's one-at-a-time gates (search POST, enqueue) is retried after a short
   * back-off before `rate_limited` is thrown. Default 2.
   */
  rateLimitRetries?: number;
  /** Back-off before the first 429 retry, doubled each time (default 250 ms). */
  rateLimitBackoffMs?: number;
}

export interface WaitForSearchOptions {
  /** Poll interval (default 500 ms, what the official UI uses). */
  pollIntervalMs?: number;
  /** Give up after this long (default 5 min; slskd's idle timeout restarts on every response). */
  timeoutMs?: number;
  /** If the state is Completed but `endedAt` never appears (very old versions), accept after this long. */
  settleMs?: number;
  signal?: AbortSignal;
}

interface RawResponse {
  status: number;
  text: string;
  headers: Record<string, unknown>;
}

interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Statuses the caller handles itself instead of getting an SlskdError. */
  accept?: number[];
  anonymous?: boolean;
  /** Retry 429s from slskd's concurrency gates. */
  retryRateLimit?: boolean;
}

const DEFAULT_RATE_LIMIT_MS = 1000;
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new SlskdError('timeout', 'aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new SlskdError('timeout', 'aborted'));
      },
      { once: true },
    );
  });

/**
 * HTTP client for slskd's REST API (contract: /work/shared/contracts/slskd.md). Framework-free so it can be
 * built from settings at run time; a Nest provider wraps it. Every failure is an `SlskdError`.
 */
export class SlskdClient {
  private readonly logger = new Logger(SlskdClient.name);
  private readonly http: AxiosInstance;
  private readonly apiRoot: string;
  private jwt?: string;
  private cachedVersion?: string;

  constructor(private readonly options: SlskdClientOptions) {
    this.apiRoot = `${options.baseUrl.replace(/\/+$/, '')}/api/v0`;
    this.http = axios.create({
      timeout: options.timeoutMs ?? 15_000,
      // We read every body as text: slskd errors are empty, bare JSON strings or (≤0.21) ProblemDetails.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  // ------------------------------------------------------------------ application / server

  /** Checks credentials and reachability and reports whether slskd is logged in to Soulseek. */
  async testConnection(): Promise<SlskdConnectionInfo> {
    const app = await this.getJson<WireApplicationState>('GET', '/application');
    const version = app.version?.current ?? (await this.getVersion());
    this.cachedVersion = version;
    const server = app.server ?? (await this.getJson<WireServerState>('GET', '/server'));
    return {
      version,
      loggedIn: server.isLoggedIn === true,
      username: app.user?.username,
      state: server.state,
    };
  }

  /** slskd version string such as `0.26.0`, cached after the first call (it drives reply shapes). */
  async getVersion(): Promise<string> {
    if (this.cachedVersion) return this.cachedVersion;
    const version = await this.getJson<unknown>('GET', '/application/version');
    if (typeof version !== 'string') throw new SlskdError('invalid_response', 'version is not a string');
    this.cachedVersion = version;
    return version;
  }

  async getServerState(): Promise<SlskdServerState> {
    const s = await this.getJson<WireServerState>('GET', '/server');
    return {
      state: s.state,
      isConnected: s.isConnected === true,
      isLoggedIn: s.isLoggedIn === true,
      isTransitioning: s.isTransitioning === true,
    };
  }

  async getOptions(): Promise<SlskdOptionsInfo> {
    const o = await this.getJson<WireOptions>('GET', '/options');
    return {
      downloadsDir: o.directories?.downloads,
      incompleteDir: o.directories?.incomplete,
      retryAttempts: o.transfers?.download?.retry?.attempts,
    };
  }

  // ------------------------------------------------------------------ searches

  /**
   * Starts a network search. `searchTimeoutMs` is sent as slskd's `searchTimeout`, which is in
   * MILLISECONDS despite slskd's own docs (contract §3.2). Pass an `id` to poll without the reply.
   */
  async startSearch(query: string, params: SlskdSearchParams = {}): Promise<SlskdSearch> {
    const body: WireSearchRequest = {
      id: params.id,
      searchText: query,
      searchTimeout: params.searchTimeoutMs,
      responseLimit: params.responseLimit,
      fileLimit: params.fileLimit,
      filterResponses: params.filterResponses,
      minimumResponseFileCount: params.minimumResponseFileCount,
      minimumPeerUploadSpeed: params.minimumPeerUploadSpeed,
      maximumPeerQueueLength: params.maximumPeerQueueLength,
    };
    const wire = await this.getJson<WireSearch>('POST', '/searches', { body, retryRateLimit: true });
    return mapSearch(wire);
  }

  async getSearch(id: string): Promise<SlskdSearch> {
    return mapSearch(await this.getJson<WireSearch>('GET', `/searches/${encodeURIComponent(id)}`, { query: { includeResponses: false } }));
  }

  async listSearches(): Promise<SlskdSearch[]> {
    return (await this.getJson<WireSearch[]>('GET', '/searches')).map(mapSearch);
  }

  /**
   * Polls until the search is finalised: `endedAt` present, which slskd writes together with the
   * responses, a moment after the state already says Completed (contract §3.5).
   */
  async waitForSearch(id: string, options: WaitForSearchOptions = {}): Promise<SlskdSearch> {
    const interval = options.pollIntervalMs ?? 500;
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    const settleMs = options.settleMs ?? 3000;
    let completedSince: number | undefined;
    for (;;) {
      const search = await this.getSearch(id);
      if (search.endedAt) return search;
      if (search.isComplete) {
        completedSince ??= Date.now();
        if (Date.now() - completedSince >= settleMs) return search;
      }
      if (Date.now() >= deadline) {
        throw new SlskdError('timeout', `search ${id} still ${search.rawState} after waiting`);
      }
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
    }
  }

  /**
   * Responses of a finished search. Throws `search_not_finished` (retryable) while the search runs, because
   * slskd returns `[]` until it finalises and an empty list must not be mistaken for "nobody has it".
   */
  async getSearchResponses(id: string): Promise<SlskdSearchResult[]> {
    const search = await this.getSearch(id);
    if (!search.endedAt && !search.isComplete) {
      throw new SlskdError('search_not_finished', `search ${id} is ${search.rawState}; responses are not readable yet`, {
        status: 409,
      });
    }
    for (let attempt = 0; ; attempt++) {
      const wire = await this.getJson<WireSearchResponse[]>('GET', `/searches/${encodeURIComponent(id)}/responses`);
      // Completed without endedAt: the final write with the responses may be a few ms away.
      if (wire.length > 0 || search.responseCount === 0 || attempt >= 4) return wire.map(mapSearchResponse);
      await sleep(150 * (attempt + 1));
    }
  }

  /** Stops a running search (`Completed, Cancelled`); responses that arrived stay readable. */
  async cancelSearch(id: string): Promise<void> {
    await this.call('PUT', `/searches/${encodeURIComponent(id)}`);
  }

  /** Deletes the record. It does not stop a running network search: cancel first. False if it was gone. */
  async deleteSearch(id: string): Promise<boolean> {
    const res = await this.call('DELETE', `/searches/${encodeURIComponent(id)}`, { accept: [404] });
    return res.status !== 404;
  }

  // ------------------------------------------------------------------ downloads

  /**
   * Enqueues files from one peer on the legacy route (every version). Normalises the three reply shapes:
   * ≤0.23 empty body (new transfers found by listing), 0.24–0.25 `failed: string[]`, 0.26 `failed: {}[]`.
   * An offline peer throws `user_offline`.
   */
  async enqueueDownloads(username: string, files: SlskdEnqueueFile[]): Promise<SlskdEnqueueResult> {
    const before = Date.now();
    const res = await this.call('POST', `/transfers/downloads/${encodeURIComponent(username)}`, {
      body: files.map((f) => ({ filename: f.filename, size: f.size })),
      retryRateLimit: true,
    });
    if (res.text.trim() === '') return this.findEnqueuedByListing(username, files, before);
    const body = this.parse<WireLegacyEnqueueResult>(res.text);
    return {
      enqueued: (body.enqueued ?? []).map(mapTransfer),
      failed: (body.failed ?? []).map((entry) => (typeof entry === 'string' ? { filename: entry } : {})),
    };
  }

  /** 0.26+ batch enqueue, with an optional destination folder relative to the downloads dir. */
  async enqueueBatch(
    username: string,
    files: SlskdEnqueueFile[],
    options: { id?: string; searchId?: string; destination?: string } = {},
  ): Promise<SlskdEnqueueResult & { batchId?: string }> {
    const body = {
      id: options.id,
      searchId: options.searchId,
      username,
      files: files.map((f) => ({ filename: f.filename, size: f.size })),
      // An explicit null makes slskd 500 (contract §4.3).
      options: options.destination ? { destination: options.destination } : {},
    };
    const wire = await this.getJson<WireBatchEnqueueResult>('POST', '/transfers/downloads/batches', {
      body,
      retryRateLimit: true,
    });
    return {
      batchId: wire.batch?.id,
      enqueued: (wire.batch?.transfers ?? []).map(mapTransfer),
      failed: (wire.failures ?? []).map((f) => ({ filename: f.filename, message: f.message })),
    };
  }

  /** All downloads, flattened (removed records only when asked). */
  async getDownloads(options: { includeRemoved?: boolean } = {}): Promise<SlskdTransfer[]> {
    const users = await this.getJson<WireUserTransfers[]>('GET', '/transfers/downloads', {
      query: { includeRemoved: options.includeRemoved ? true : undefined },
    });
    return mapUserTransfers(users);
  }

  /** One peer's downloads; slskd answers 404 when there are none, which is not an error. */
  async getUserDownloads(username: string, options: { includeRemoved?: boolean } = {}): Promise<SlskdTransfer[]> {
    const res = await this.call('GET', `/transfers/downloads/${encodeURIComponent(username)}`, {
      accept: [404],
      query: { includeRemoved: options.includeRemoved ? true : undefined },
    });
    if (res.status === 404) return [];
    return mapUserTransfers([this.parse<WireUserTransfers>(res.text)]);
  }

  /** Stable per-id poll: slskd ignores the username segment and still returns removed records. */
  async getDownload(username: string, id: string): Promise<SlskdTransfer> {
    const wire = await this.getJson<WireTransfer>(
      'GET',
      `/transfers/downloads/${encodeURIComponent(username || '-')}/${encodeURIComponent(id)}`,
    );
    return mapTransfer(wire);
  }

  /** Asks the peer for the transfer's place in its queue (often inaccurate; slow peers → server_error). */
  async getQueuePosition(username: string, id: string): Promise<number> {
    const value = await this.getJson<unknown>(
      'GET',
      `/transfers/downloads/${encodeURIComponent(username)}/${encodeURIComponent(id)}/position`,
    );
    if (typeof value !== 'number') throw new SlskdError('invalid_response', 'queue position is not a number');
    return value;
  }

  /**
   * Cancels (asynchronously: poll until Completed) and, with `remove`, hides a finished record. A 404 means
   * it is already gone, which is what the caller wanted. Removing an active transfer on ≤0.24.1 → conflict.
   */
  async cancelDownload(username: string, id: string, options: { remove?: boolean } = {}): Promise<void> {
    await this.call('DELETE', `/transfers/downloads/${encodeURIComponent(username)}/${encodeURIComponent(id)}`, {
      query: { remove: options.remove ? true : undefined },
      accept: [404],
    });
  }

  async removeCompletedDownloads(): Promise<void> {
    await this.call('DELETE', '/transfers/downloads/all/completed');
  }

  /** `DownloadFileComplete` events, newest first: the authoritative local path of finished files. */
  async getDownloadCompleteEvents(options: { limit?: number; offset?: number } = {}): Promise<SlskdDownloadCompleteEvent[]> {
    const records = await this.getJson<WireEventRecord[]>('GET', '/events', {
      query: { offset: options.offset ?? 0, limit: options.limit ?? 100 },
    });
    const events: SlskdDownloadCompleteEvent[] = [];
    for (const record of records) {
      if (record.type !== 'DownloadFileComplete') continue;
      try {
        const data = JSON.parse(record.data) as {
          localFilename?: unknown;
          remoteFilename?: unknown;
          transfer?: { id?: unknown };
        };
        if (typeof data.localFilename !== 'string' || typeof data.transfer?.id !== 'string') continue;
        events.push({
          transferId: data.transfer.id,
          localFilename: data.localFilename,
          remoteFilename: typeof data.remoteFilename === 'string' ? data.remoteFilename : '',
          timestamp: parseSlskdTimestamp(record.timestamp) ?? new Date(0),
        });
      } catch {
        // An unparseable event is skipped; it cannot be ours.
      }
    }
    return events;
  }

  // ------------------------------------------------------------------ users

  /**
   * Lists a remote folder (album mode). Returns the folder and any subfolders with files whose `filename`
   * is the full remote path, ready to enqueue. Accepts both the array (≥0.22.3) and single-object replies.
   */
  async browseDirectory(username: string, directory: string): Promise<SlskdDirectory[]> {
    const body = await this.getJson<WireBrowseDirectory | WireBrowseDirectory[]>(
      'POST',
      `/users/${encodeURIComponent(username)}/directory`,
      { body: { directory } },
    );
    return (Array.isArray(body) ? body : [body]).map(mapDirectory);
  }

  /** Whether a peer is Online, Away or Offline (a non-existent user shows Offline). */
  async getUserStatus(username: string): Promise<{ presence: 'Online' | 'Away' | 'Offline'; isPrivileged: boolean }> {
    const body = await this.getJson<WireUserStatus>('GET', `/users/${encodeURIComponent(username)}/status`);
    const presence = body.presence === 'Online' || body.presence === 'Away' ? body.presence : 'Offline';
    return { presence, isPrivileged: body.isPrivileged === true };
  }

  // ------------------------------------------------------------------ plumbing

  private async findEnqueuedByListing(
    username: string,
    files: SlskdEnqueueFile[],
    since: number,
  ): Promise<SlskdEnqueueResult> {
    const transfers = await this.getUserDownloads(username, { includeRemoved: false });
    const enqueued: SlskdTransfer[] = [];
    const failed: SlskdEnqueueResult['failed'] = [];
    for (const file of files) {
      const newest = transfers
        .filter((t) => t.filename === file.filename && t.requestedAt.getTime() >= since - 5000)
        .sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())[0];
      if (newest) enqueued.push(newest);
      else failed.push({ filename: file.filename });
    }
    return { enqueued, failed };
  }

  private async getJson<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const res = await this.call(method, path, options);
    return this.parse<T>(res.text);
  }

  private parse<T>(text: string): T {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SlskdError('invalid_response', `unparseable JSON from slskd (${text.slice(0, 80)})`);
    }
  }

  private async call(method: string, path: string, options: CallOptions = {}): Promise<RawResponse> {
    const maxRetries = options.retryRateLimit ? (this.options.rateLimitRetries ?? 2) : 0;
    let reloggedIn = false;
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(method, path, options);
      if (options.accept?.includes(res.status) || (res.status >= 200 && res.status < 300)) return res;
      if (res.status === 401 && !reloggedIn && !this.options.apiKey && this.options.username && this.jwt) {
        // JWTs are signed with a key slskd regenerates at each start: log in again once.
        this.jwt = undefined;
        reloggedIn = true;
        attempt--;
        continue;
      }
      const error = this.toError(method, path, res);
      if (error.code === 'rate_limited' && attempt < maxRetries) {
        const backoff = (this.options.rateLimitBackoffMs ?? 250) * 2 ** attempt;
        this.logger.debug(`slskd ${method} ${path} hit a concurrency gate; retrying in ${backoff} ms`);
        await sleep(backoff);
        continue;
      }
      throw error;
    }
  }

  private async send(method: string, path: string, options: CallOptions): Promise<RawResponse> {
    const headers: RawAxiosRequestHeaders = { Accept: 'application/json' };
    if (!options.anonymous) Object.assign(headers, await this.authHeaders());
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const res = await this.http.request<string>({
        method,
        url: `${this.apiRoot}${path}`,
        params: options.query ? Object.fromEntries(Object.entries(options.query).filter(([, v]) => v !== undefined)) : undefined,
        data: options.body === undefined ? undefined : JSON.stringify(options.body),
        headers,
      });
      return { status: res.status, text: typeof res.data === 'string' ? res.data : '', headers: res.headers as Record<string, unknown> };
    } catch (error) {
      throw this.networkError(method, path, error);
    }
  }

  private async authHeaders(): Promise<RawAxiosRequestHeaders> {
    if (this.options.apiKey) return { 'X-API-Key': this.options.apiKey };
    if (this.options.username && this.options.password) {
      this.jwt ??= await this.login();
      return { Authorization: `Bearer ${this.jwt}` };
    }
    return {};
  }

  private async login(): Promise<string> {
    const res = await this.send('POST', '/session', {
      anonymous: true,
      body: { username: this.options.username, password: this.options.password },
    });
    if (res.status !== 200) throw this.toError('POST', '/session', res);
    const token = this.parse<WireSessionToken>(res.text).token;
    if (typeof token !== 'string' || token === '') throw new SlskdError('invalid_response', 'login returned no token');
    return token;
  }

  private toError(method: string, path: string, res: RawResponse): SlskdError {
    const message = parseErrorBody(res.text);
    const what = `${method} ${path} → ${res.status}${message ? `: ${message}` : ''}`;
    const offline = message !== undefined && /appears to be offline/i.test(message);
    let code: SlskdErrorCode;
    if (offline) code = 'user_offline';
    else if (res.status === 401) code = 'unauthorized';
    else if (res.status === 403) code = 'forbidden';
    else if (res.status === 404) code = 'not_found';
    else if (res.status === 409) code = 'conflict';
    else if (res.status === 429) code = 'rate_limited';
    else if (res.status === 500 && message !== undefined && /before it is complete/i.test(message)) code = 'conflict';
    else if (res.status >= 500) code = 'server_error';
    else code = 'bad_request';
    const retryAfterMs =
      code === 'rate_limited'
        ? (parseRetryAfter(res.headers['retry-after'] as string | undefined) ?? DEFAULT_RATE_LIMIT_MS)
        : undefined;
    return new SlskdError(code, what, { status: res.status, retryAfterMs });
  }

  private networkError(method: string, path: string, error: unknown): SlskdError {
    // Never chain the AxiosError itself: its config carries the API key / JWT headers.
    if (error instanceof AxiosError) {
      const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || /timeout/i.test(error.message);
      const code: SlskdErrorCode = timedOut ? 'timeout' : 'unreachable';
      const detail = error.code ?? error.message;
      return new SlskdError(code, `${method} ${path}: ${timedOut ? 'timed out' : 'unreachable'} (${detail})`, {
        cause: new Error(detail),
      });
    }
    if (error instanceof SlskdError) return error;
    return new SlskdError('unreachable', `${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
