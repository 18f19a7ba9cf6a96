import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export type FakeMetadataServiceName = 'musicbrainz' | 'coverartarchive' | 'archive' | 'lrclib' | 'lastfm' | 'deezer';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  remoteAddress: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LoggedRequest {
  service: FakeMetadataServiceName;
  method: string;
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  status: number;
  at: number;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function html(status: number, title: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${message}</p>\n`,
  };
}

export interface StartedFakeServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** One `node:http` server on 127.0.0.1 with an ephemeral (or given) port; every answered request is logged. */
export async function startFakeServer(
  service: FakeMetadataServiceName,
  handler: FakeHandler,
  log: LoggedRequest[],
  port = 0,
): Promise<StartedFakeServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress ?? 'unknown',
    };
    let response: FakeResponse;
    try {
      response = handler(request);
    } catch (error) {
      response = json(500, { error: `fake ${service} crashed: ${(error as Error).message}` });
    }
    log.push({
      service,
      method: request.method,
      path: request.path,
      query: Object.fromEntries(url.searchParams.entries()),
      userAgent: req.headers['user-agent'],
      status: response.status,
      at: Date.now(),
    });
    // Drain the request body (GET/HEAD only in practice) before answering.
    req.resume();
    res.writeHead(response.status, response.headers);
    res.end(request.method === 'HEAD' ? undefined : response.body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
