import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { AudioFileFactory } from './audio';
import { JwtIssuer } from './jwt';
import { DEFAULT_SEARCH_PARAMS, SearchEngine, SearchQueryError, toWireSearchFile, type SearchParams } from './search-engine';
import { TransferEngine, type EnqueueItem } from './transfer-engine';
import type {
  FakeHttpFault,
  FakeSlskd,
  FakeSlskdCatalogue,
  FakeSlskdControl,
  FakeSlskdOptions,
  FakeSlskdPeer,
  FakeSlskdTiming,
} from './types';
import { dotNetDate, remoteDirectory, remoteSegments, versionAtLeast } from './wire-format';

export const DEFAULT_FAKE_SLSKD_TIMING: FakeSlskdTiming = {
  searchResponseDelayMs: [300, 4000],
  searchPostLatencyMs: 30,
  searchFinalizeDelayMs: 30,
  searchCountIntervalMs: 250,
  enqueueLatencyMs: 100,
  transferStepMs: 300,
  remoteQueueStepMs: 2000,
  progressIntervalMs: 250,
  maxTransferMs: 5000,
  fileMoveDelayMs: 50,
  enqueueAckTimeoutMs: 180_000,
  cancelDelayMs: 50,
  retryBackoffMs: 2000,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GATE_MESSAGE = 'Only one concurrent operation is permitted. Wait until the previous request completes';

interface Reply {
  status: number;
  /** undefined → empty body; anything else is JSON-encoded (strings become bare JSON strings). */
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  anonymous: boolean;
  handler: Handler;
}

const reply = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readNumber(source: Record<string, unknown>, key: string): number | undefined {
  // slskd binds input case-insensitively and accepts numbers sent as strings.
  const entry = Object.entries(source).find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (!entry) return undefined;
  const value = typeof entry[1] === 'string' ? Number(entry[1]) : entry[1];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readField(source: Record<string, unknown>, key: string): unknown {
  return Object.entries(source).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Starts a fake slskd on 127.0.0.1 that behaves as contract §11 describes. */
export async function startFakeSlskd(options: FakeSlskdOptions = {}): Promise<FakeSlskd> {
  const timing: FakeSlskdTiming = { ...DEFAULT_FAKE_SLSKD_TIMING, ...options.timing };
  const apiKey = options.apiKey ?? 'fake-slskd-api-key-0123456789';
  const loginUser = options.username ?? 'slskd';
  const loginPassword = options.password ?? 'slskd';
  const version = options.version ?? '0.26.0';
  const urlBase = (options.urlBase ?? '').replace(/\/+$/, '');
  const retryAttempts = options.retryAttempts ?? 3;
  const downloadsDir =
    options.downloadsDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'fake-slskd-downloads-')));
  const incompleteDir = options.incompleteDir ?? path.join(downloadsDir, '..', `${path.basename(downloadsDir)}-incomplete`);
  await fs.mkdir(downloadsDir, { recursive: true });
  await fs.mkdir(incompleteDir, { recursive: true });
  const log = (message: string) => {
    if (options.verbose) process.stderr.write(`[fake-slskd] ${message}\n`);
  };

  const catalogue: FakeSlskdCatalogue = { peers: [...(options.catalogue?.peers ?? [])] };
  const presence = new Map<string, boolean>();
  const findPeer = (username: string): FakeSlskdPeer | undefined =>
    catalogue.peers.find((p) => p.username.toLowerCase() === username.toLowerCase());
  const isOnline = (username: string): boolean => {
    const peer = findPeer(username);
    if (!peer) return false;
    return presence.get(peer.username.toLowerCase()) ?? peer.online ?? true;
  };

  const jwt = new JwtIssuer();
  const audio = new AudioFileFactory(options.audioCacheDir);
  let searches = new SearchEngine(() => catalogue.peers, isOnline, timing);
  const transfers = new TransferEngine({
    timing,
    version: () => version,
    retryAttempts,
    downloadsDir,
    audio,
    fileDurationOverride: options.fileDurationOverride,
    findPeer,
    isOnline,
    log,
  });

  let loggedIn = true;
  let gatesEnabled = true;
  let searchPostsInFlight = 0;
  let enqueuesInFlight = 0;
  const httpFaults: (FakeHttpFault & { remaining: number })[] = [];
  const delays: { ms: number; pathPrefix: string }[] = [];
  const counts: Record<string, number> = {};

  const serverState = () =>
    loggedIn
      ? {
          address: 'vps.slsknet.org',
          ipEndPoint: '208.76.170.59:2271',
          state: 'Connected, LoggedIn',
          isConnected: true,
          isConnecting: false,
          isLoggedIn: true,
          isLoggingIn: false,
          isTransitioning: false,
        }
      : {
          state: 'Disconnected',
          isConnected: false,
          isConnecting: false,
          isLoggedIn: false,
          isLoggingIn: false,
          isTransitioning: false,
        };

  const offline = (username: string) => `User ${username} appears to be offline`;

  // ---------------------------------------------------------------- routes
  const routes: Route[] = [];
  const route = (method: string, template: string, handler: Handler, anonymous = false) => {
    const source = template
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ method, template, pattern: new RegExp(`^${source}/?$`, 'i'), anonymous, handler });
  };

  route('GET', '/api/v0/session/enabled', () => reply(200, !options.noAuth), true);
  route(
    'POST',
    '/api/v0/session',
    ({ body }) => {
      if (!isRecord(body)) return reply(400);
      const username = readField(body, 'username');
      const password = readField(body, 'password');
      if (typeof username !== 'string' || !username.trim() || typeof password !== 'string' || !password.trim()) {
        return reply(400, 'Username and/or Password missing or invalid');
      }
      if (username !== loginUser || password !== loginPassword) return reply(401);
      const ttl = 604_800_000;
      const issued = jwt.issue(username, ttl);
      return reply(200, {
        expires: issued.expires,
        issued: issued.issued,
        name: username,
        notBefore: issued.issued,
        token: issued.token,
        tokenType: 'Bearer',
      });
    },
    true,
  );
  route('GET', '/api/v0/session', () => reply(200));

  route('GET', '/api/v0/server', () => reply(200, serverState()));
  route('PUT', '/api/v0/server', () => {
    loggedIn = true;
    return reply(200);
  });
  route('DELETE', '/api/v0/server', () => {
    loggedIn = false;
    return reply(204);
  });

  const versionObject = () => ({
    full: `${version} (${version})`,
    current: version,
    latest: version,
    isUpdateAvailable: false,
    isCanary: false,
    isDevelopment: false,
  });
  route('GET', '/api/v0/application', () =>
    reply(200, {
      version: versionObject(),
      pendingReconnect: false,
      pendingRestart: false,
      server: serverState(),
      connectionWatchdog: { isEnabled: true, isAttemptingConnection: !loggedIn, isAwaitingVpn: false },
      user: {
        username: options.soulseekUsername ?? 'soulspot-fake',
        privileges: { isPrivileged: false, privilegesRemaining: 0 },
        statistics: { averageSpeed: 0, directoryCount: 0, fileCount: 0, uploadCount: 0 },
      },
      shares: { scanPending: false, scanning: false, ready: true, faulted: false, cancelled: false, scanProgress: 1 },
      rooms: [],
      users: [],
    }),
  );
  route('GET', '/api/v0/application/version', () => reply(200, version));
  route('GET', '/api/v0/application/version/latest', () => reply(200, versionObject()));
  route('GET', '/api/v0/options', () =>
    reply(200, {
      directories: { downloads: downloadsDir, incomplete: incompleteDir },
      transfers: { download: { retry: { attempts: versionAtLeast(version, '0.26.0') ? retryAttempts : 0 } } },
      web: { urlBase: urlBase || '/' },
    }),
  );

  // ---- searches
  route('POST', '/api/v0/searches', async ({ body }) => {
    if (gatesEnabled && searchPostsInFlight >= 1) return reply(429, GATE_MESSAGE);
    searchPostsInFlight++;
    try {
      await sleep(timing.searchPostLatencyMs);
      if (!isRecord(body)) return reply(400);
      const text = readField(body, 'searchText');
      if (typeof text !== 'string' || text.trim() === '') {
        return reply(400, 'The field SearchText can not be null, empty, or consist of only whitespace');
      }
      const idField = readField(body, 'id');
      if (idField !== undefined && (typeof idField !== 'string' || !GUID.test(idField))) {
        return reply(400, 'The JSON value could not be converted to System.Nullable`1[System.Guid]. Path: $.id');
      }
      const timeout = readNumber(body, 'searchTimeout');
      if (timeout !== undefined && timeout < 5) {
        return reply(400, 'The field SearchTimeout must be between 5 and 2147483647.');
      }
      const params: SearchParams = { ...DEFAULT_SEARCH_PARAMS };
      for (const key of Object.keys(DEFAULT_SEARCH_PARAMS) as (keyof SearchParams)[]) {
        if (key === 'filterResponses') {
          const value = readField(body, key);
          if (typeof value === 'boolean') params.filterResponses = value;
          continue;
        }
        const value = readNumber(body, key);
        if (value !== undefined) params[key] = value;
      }
      if (typeof idField === 'string' && searches.has(idField)) {
        return reply(500, 'SQLite Error 19: UNIQUE constraint failed: Searches.Id');
      }
      if (!loggedIn) {
        searches.createErrored(typeof idField === 'string' ? idField : undefined, text);
        return reply(409, 'The server connection must be connected and logged in to perform a search (currently: Disconnected)');
      }
      try {
        return reply(200, searches.create(typeof idField === 'string' ? idField : undefined, text, params));
      } catch (error) {
        if (error instanceof SearchQueryError) return reply(400, error.message);
        throw error;
      }
    } finally {
      searchPostsInFlight--;
    }
  });
  route('GET', '/api/v0/searches', () => reply(200, searches.list()));
  route('GET', '/api/v0/searches/:id', ({ params, query }) => {
    const found = searches.get(params[0], query.get('includeResponses')?.toLowerCase() === 'true');
    return found ? reply(200, found) : reply(404);
  });
  route('GET', '/api/v0/searches/:id/responses', ({ params }) => {
    const found = searches.responses(params[0]);
    return found ? reply(200, found) : reply(404);
  });
  route('PUT', '/api/v0/searches/:id', ({ params }) => (searches.stop(params[0]) ? reply(200) : reply(404)));
  route('DELETE', '/api/v0/searches/:id', ({ params }) => (searches.delete(params[0]) ? reply(204) : reply(404)));

  // ---- transfers
  const parseItems = (body: unknown): EnqueueItem[] | undefined => {
    if (!Array.isArray(body) || body.length === 0) return undefined;
    const items: EnqueueItem[] = [];
    for (const entry of body) {
      if (!isRecord(entry)) return undefined;
      const filename = readField(entry, 'filename');
      if (typeof filename !== 'string' || filename === '') return undefined;
      // slskd refuses traversal segments outright.
      if (remoteSegments(filename).some((s) => s === '.' || s === '..')) return undefined;
      items.push({ filename, size: readNumber(entry, 'size') ?? 0 });
    }
    return items;
  };

  const withEnqueueGate = async (work: () => Promise<Reply> | Reply): Promise<Reply> => {
    if (gatesEnabled && enqueuesInFlight >= 2) return reply(429, GATE_MESSAGE);
    enqueuesInFlight++;
    try {
      await sleep(timing.enqueueLatencyMs);
      return await work();
    } finally {
      enqueuesInFlight--;
    }
  };

  const enqueueBatch = (body: unknown): Promise<Reply> =>
    withEnqueueGate(() => {
      if (!isRecord(body)) return reply(400);
      const username = readField(body, 'username');
      const items = parseItems(readField(body, 'files'));
      const opts = readField(body, 'options');
      if (typeof username !== 'string' || !items) return reply(400);
      if (opts === null) return reply(500, "Object reference not set to an instance of an object.");
      const destination = isRecord(opts) ? readField(opts, 'destination') : undefined;
      if (typeof destination === 'string' && (destination.startsWith('/') || remoteSegments(destination).includes('..'))) {
        return reply(400, 'Destination must be a relative path and must not contain traversal segments');
      }
      if (!loggedIn) return reply(409, 'The server connection must be connected and logged in to download files (currently: Disconnected)');
      if (!isOnline(username)) return reply(404, offline(username));
      const idField = readField(body, 'id');
      const batchId = typeof idField === 'string' && GUID.test(idField) ? idField.toLowerCase() : randomUUID();
      const searchId = readField(body, 'searchId');
      const outcome = transfers.enqueue(username, items, {
        id: batchId,
        destination: typeof destination === 'string' ? destination : undefined,
      });
      const status = outcome.failed.length === 0 ? 201 : outcome.enqueued.length === 0 ? 200 : 207;
      return reply(status, {
        batch: {
          searchId: typeof searchId === 'string' ? searchId : undefined,
          id: batchId,
          username,
          direction: 'Download',
          createdAt: dotNetDate(new Date()),
          transfers: outcome.enqueued,
          options: isRecord(opts) ? opts : {},
        },
        failures: outcome.failed,
      });
    });

  if (versionAtLeast(version, '0.26.0')) {
    route('POST', '/api/v0/transfers/downloads/batches', ({ body }) => enqueueBatch(body));
    route('GET', '/api/v0/transfers/downloads/batches/:id', ({ params }) => {
      const list = transfers.batchTransfers(params[0].toLowerCase());
      return list.length > 0 ? reply(200, { id: params[0].toLowerCase(), direction: 'Download', transfers: list }) : reply(404);
    });
  }
  route('POST', '/api/v0/transfers/downloads/:username', ({ params, body }) =>
    withEnqueueGate(() => {
      const username = params[0];
      const items = parseItems(body);
      if (!items) return reply(400);
      const keys = new Set(items.map((i) => `${i.filename}\u0000${i.size}`));
      if (keys.size !== items.length) return reply(500, 'An item with the same key has already been added.');
      if (!loggedIn) {
        return reply(500, 'The server connection must be connected and logged in to download files (currently: Disconnected)');
      }
      if (!isOnline(username)) return reply(500, offline(username));
      const outcome = transfers.enqueue(findPeer(username)?.username ?? username, items);
      if (!versionAtLeast(version, '0.24.0')) return reply(201);
      const failed = versionAtLeast(version, '0.26.0') ? outcome.failed.map(() => ({})) : outcome.failed.map((f) => f.filename);
      return reply(201, { enqueued: outcome.enqueued, failed });
    }),
  );
  route('GET', '/api/v0/transfers/downloads', ({ query }) =>
    reply(200, transfers.list(query.get('includeRemoved')?.toLowerCase() === 'true')),
  );
  route('DELETE', '/api/v0/transfers/downloads/all/completed', () => {
    transfers.removeCompleted();
    return reply(204);
  });
  route('GET', '/api/v0/transfers/downloads/:username', ({ params, query }) => {
    const [user] = transfers.list(query.get('includeRemoved')?.toLowerCase() === 'true', params[0]);
    return user ? reply(200, user) : reply(404);
  });
  route('GET', '/api/v0/transfers/downloads/:username/:id', ({ params }) => {
    if (!GUID.test(params[1])) return reply(400);
    const found = transfers.wire(params[1]);
    return found ? reply(200, found) : reply(404);
  });
  route('GET', '/api/v0/transfers/downloads/:username/:id/position', ({ params }) => {
    const record = transfers.get(params[1]);
    if (!record) return reply(404);
    if (!isOnline(record.username)) return reply(500, offline(record.username));
    return reply(200, transfers.position(params[1]));
  });
  route('DELETE', '/api/v0/transfers/downloads/:username/:id', ({ params, query }) => {
    if (!GUID.test(params[1])) return reply(400);
    const result = transfers.cancel(params[1], query.get('remove')?.toLowerCase() === 'true');
    if (result === 'not_found') return reply(404);
    if (result === 'remove_active') return reply(500, 'Invalid attempt to remove a download before it is complete');
    return reply(204);
  });

  // ---- users
  const browseDirectories = (peer: FakeSlskdPeer, locked: boolean) => {
    const dirs = new Map<string, ReturnType<typeof browseFile>[]>();
    for (const file of peer.files) {
      if (Boolean(file.locked) !== locked) continue;
      const dir = remoteDirectory(file.path);
      dirs.set(dir, [...(dirs.get(dir) ?? []), browseFile(peer, file)]);
    }
    return [...dirs.entries()].map(([name, files]) => ({ name, fileCount: files.length, files }));
  };
  const browseFile = (peer: FakeSlskdPeer, file: FakeSlskdPeer['files'][number]) => {
    const wire = toWireSearchFile(file, peer, false);
    const attributes: { type: string; value: number }[] = [];
    if (wire.bitRate !== undefined) attributes.push({ type: 'BitRate', value: wire.bitRate });
    if (wire.length !== undefined) attributes.push({ type: 'Length', value: wire.length });
    if (wire.isVariableBitRate !== undefined) attributes.push({ type: 'VariableBitRate', value: wire.isVariableBitRate ? 1 : 0 });
    if (wire.sampleRate !== undefined) attributes.push({ type: 'SampleRate', value: wire.sampleRate });
    if (wire.bitDepth !== undefined) attributes.push({ type: 'BitDepth', value: wire.bitDepth });
    // Browse files are raw Soulseek.NET objects: no isLocked, attributes listed.
    const rest: Partial<typeof wire> = { ...wire };
    delete rest.isLocked;
    return { ...rest, attributeCount: attributes.length, attributes };
  };
  const peerOr404 = async (username: string): Promise<FakeSlskdPeer | Reply> => {
    const peer = findPeer(username);
    if (!peer || !isOnline(username)) return reply(404, offline(username));
    if (peer.browseDelayMs) await sleep(peer.browseDelayMs);
    return peer;
  };
  route('GET', '/api/v0/users/:username/browse', async ({ params }) => {
    const peer = await peerOr404(params[0]);
    if ('status' in peer) return peer;
    const directories = browseDirectories(peer, false);
    const lockedDirectories = browseDirectories(peer, true);
    return reply(200, {
      directories,
      directoryCount: directories.length,
      lockedDirectories,
      lockedDirectoryCount: lockedDirectories.length,
    });
  });
  route('POST', '/api/v0/users/:username/directory', async ({ params, body }) => {
    const directory = isRecord(body) ? readField(body, 'directory') : undefined;
    if (typeof directory !== 'string' || directory === '') return reply(400);
    const peer = await peerOr404(params[0]);
    if ('status' in peer) return peer;
    const all = [...browseDirectories(peer, false), ...browseDirectories(peer, true)];
    // The peer answers with the folder and its subfolders.
    const matching = all.filter((d) => d.name === directory || d.name.startsWith(`${directory}\\`));
    const result = matching.length > 0 ? matching : [{ name: directory, fileCount: 0, files: [] }];
    return reply(200, versionAtLeast(version, '0.22.3') ? result : result[0]);
  });
  route('GET', '/api/v0/users/:username/status', ({ params }) =>
    reply(200, { isPrivileged: false, presence: isOnline(params[0]) ? 'Online' : 'Offline' }),
  );
  route('GET', '/api/v0/users/:username/info', async ({ params }) => {
    const peer = await peerOr404(params[0]);
    if ('status' in peer) return peer;
    return reply(200, {
      description: `Fake peer ${peer.username}`,
      hasFreeUploadSlot: peer.hasFreeUploadSlot,
      hasPicture: false,
      queueLength: peer.queueLength,
      uploadSlots: 3,
    });
  });
  route('GET', '/api/v0/users/:username/endpoint', ({ params }) =>
    isOnline(params[0]) ? reply(200, { addressFamily: 'InterNetwork', address: '127.0.0.2', port: 2234 }) : reply(404, offline(params[0])),
  );

  route('GET', '/api/v0/events', ({ query }) => {
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 100);
    if (!(offset >= 0) || !(limit > 0)) return reply(400);
    return reply(200, transfers.events.slice(offset, offset + limit), {
      'X-Total-Count': String(transfers.events.length),
    });
  });

  // ---------------------------------------------------------------- pipeline
  const authenticate = (req: http.IncomingMessage): Reply | undefined => {
    if (options.noAuth) return undefined;
    const key = req.headers['x-api-key'];
    if (typeof key === 'string' && key === apiKey) return undefined;
    const authorization = req.headers.authorization;
    if (typeof authorization === 'string' && /^bearer /i.test(authorization)) {
      const problem = jwt.verify(authorization.slice(7).trim());
      if (!problem) return undefined;
      return reply(401, undefined, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${problem}"`,
      });
    }
    return reply(401, undefined, { 'WWW-Authenticate': 'Bearer' });
  };

  const readBody = (req: http.IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('error', reject);
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') return resolve({ ok: true, value: undefined });
        try {
          resolve({ ok: true, value: JSON.parse(text) as unknown });
        } catch {
          resolve({ ok: false });
        }
      });
    });

  const send = (res: http.ServerResponse, r: Reply) => {
    const headers: Record<string, string> = { ...r.headers };
    let payload = '';
    if (r.body !== undefined) {
      payload = JSON.stringify(r.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
    res.writeHead(r.status, headers);
    res.end(payload);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathname = url.pathname;
    // UsePathBase: strip the prefix when present; the unprefixed path works too.
    if (urlBase && (pathname === urlBase || pathname.toLowerCase().startsWith(`${urlBase.toLowerCase()}/`))) {
      pathname = pathname.slice(urlBase.length) || '/';
    }
    const method = (req.method ?? 'GET').toUpperCase();
    log(`${method} ${pathname}${url.search}`);
    if (pathname.toLowerCase() === '/health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('Healthy');
      return;
    }
    if (!pathname.toLowerCase().startsWith('/api/')) {
      res.writeHead(404, { 'Content-Length': '0' });
      res.end();
      return;
    }
    for (const delay of delays) if (pathname.startsWith(delay.pathPrefix)) await sleep(delay.ms);
    const fault = httpFaults.find(
      (f) => f.remaining > 0 && pathname.startsWith(f.pathPrefix ?? '/api') && (!f.method || f.method.toUpperCase() === method),
    );
    if (fault) {
      fault.remaining--;
      return send(res, reply(fault.status, fault.message ?? (fault.status >= 500 ? 'An unhandled exception has occurred.' : undefined)));
    }

    let matched: { route: Route; params: string[] } | undefined;
    for (const candidate of routes) {
      if (candidate.method !== method) continue;
      const m = candidate.pattern.exec(pathname);
      if (!m) continue;
      try {
        matched = { route: candidate, params: m.slice(1).map((p) => decodeURIComponent(p)) };
      } catch {
        matched = { route: candidate, params: m.slice(1) };
      }
      break;
    }
    if (!matched) return send(res, reply(404));
    counts[`${method} ${matched.route.template}`] = (counts[`${method} ${matched.route.template}`] ?? 0) + 1;
    if (!matched.route.anonymous) {
      const denied = authenticate(req);
      if (denied) return send(res, denied);
    }
    const body = await readBody(req);
    if (!body.ok) return send(res, reply(400, "'' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0."));
    const result = await matched.route.handler({ method, params: matched.params, query: url.searchParams, body: body.value });
    send(res, result);
  };

  // ---------------------------------------------------------------- lifecycle
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`unhandled: ${String(error)}`);
      if (!res.headersSent) send(res, reply(500, error instanceof Error ? error.message : String(error)));
    });
  });
  let port = options.port ?? 0;
  let listening = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        listening = true;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();

  const control: FakeSlskdControl = {
    setUserOnline: (username, online) => presence.set(username.toLowerCase(), online),
    setLoggedIn: (value) => {
      loggedIn = value;
    },
    setTransferFault: (match, fault) => transfers.setFault(match, fault),
    clearTransferFaults: () => transfers.clearFaults(),
    failRequests: (fault) => httpFaults.push({ ...fault, remaining: fault.times ?? 1 }),
    setResponseDelay: (ms, pathPrefix = '/api') => {
      const existing = delays.findIndex((d) => d.pathPrefix === pathPrefix);
      if (existing >= 0) delays.splice(existing, 1);
      if (ms > 0) delays.push({ ms, pathPrefix });
    },
    setConcurrencyGates: (enabled) => {
      gatesEnabled = enabled;
    },
    restart: async ({ downtimeMs = 0, forgetHistory = false } = {}) => {
      if (downtimeMs > 0) await stopListening();
      searches.restart(forgetHistory);
      if (forgetHistory) searches = new SearchEngine(() => catalogue.peers, isOnline, timing);
      const interrupted = transfers.restart(forgetHistory);
      jwt.rotate();
      if (downtimeMs > 0) {
        await sleep(downtimeMs);
        await listen();
      }
      // slskd re-enqueues interrupted downloads after it logs in again.
      setTimeout(() => transfers.reenqueue(interrupted), timing.transferStepMs);
    },
    down: stopListening,
    up: async () => {
      if (!listening) await listen();
    },
    addPeer: (peer) => {
      const index = catalogue.peers.findIndex((p) => p.username.toLowerCase() === peer.username.toLowerCase());
      if (index >= 0) catalogue.peers[index] = peer;
      else catalogue.peers.push(peer);
    },
    requestCounts: () => ({ ...counts }),
  };

  return {
    get url() {
      return `http://127.0.0.1:${port}${urlBase}`;
    },
    apiKey,
    downloadsDir,
    incompleteDir,
    get port() {
      return port;
    },
    control,
    close: async () => {
      searches.shutdown();
      transfers.shutdown();
      await stopListening();
    },
  };
}
