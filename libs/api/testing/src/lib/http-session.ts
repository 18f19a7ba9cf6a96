import { API_KEY_HEADER, CSRF_HEADER } from '@soulspot/shared/contracts';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A tiny browser-like HTTP client for tests: keeps cookies, adds the CSRF token or an API key. */
export class HttpSession {
  private cookies = new Map<string, string>();
  csrfToken?: string;
  apiKey?: string;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, opts: { json?: unknown; body?: string; headers?: Record<string, string>; csrf?: boolean } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.apiKey) headers[API_KEY_HEADER] = this.apiKey;
    if (this.csrfToken && opts.csrf !== false && !['GET', 'HEAD'].includes(method)) headers[CSRF_HEADER] = this.csrfToken;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, json?: unknown, opts: { csrf?: boolean } = {}) {
    return this.request<T>('POST', path, { json, ...opts });
  }
  patch<T = unknown>(path: string, json?: unknown) {
    return this.request<T>('PATCH', path, { json });
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}
