import axios, { AxiosInstance, AxiosResponse, isAxiosError } from 'axios';
import { MetadataServiceError, MetadataServiceName } from './metadata-service.error';

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
  headers?: Record<string, string>;
  responseType?: 'json' | 'arraybuffer';
}

/**
 * Every status comes back as a response (validateStatus always true) so each client decides what a 404 or a
 * 200-with-error-body means for its service; only transport failures throw.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { 'User-Agent': options.userAgent, Accept: 'application/json', ...options.headers },
    responseType: options.responseType ?? 'json',
    maxRedirects: 5,
    validateStatus: () => true,
  });
}

/** Timeouts and connection failures: always retryable, never carry a status. */
export function transportError(service: MetadataServiceName, error: unknown): MetadataServiceError {
  if (error instanceof MetadataServiceError) return error;
  if (isAxiosError(error)) {
    const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    return new MetadataServiceError(service, timedOut ? 'request timed out' : `unreachable (${error.code ?? error.message})`, {
      code: timedOut ? 'timeout' : 'unreachable',
      retryable: true,
      cause: error,
    });
  }
  return new MetadataServiceError(service, `request failed: ${(error as Error)?.message ?? String(error)}`, {
    code: 'unreachable',
    retryable: true,
    cause: error,
  });
}

/** Runs the request and turns transport failures into typed errors. */
export async function send<T>(service: MetadataServiceName, request: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>> {
  try {
    return await request();
  } catch (error) {
    throw transportError(service, error);
  }
}

/** Fallback for statuses a client has no special meaning for. */
export function unexpectedStatus(service: MetadataServiceName, status: number): MetadataServiceError {
  const retryable = status >= 500 || status === 408 || status === 429;
  return new MetadataServiceError(service, `unexpected HTTP ${status}`, {
    status,
    retryable,
    code: retryable ? 'unavailable' : 'bad_request',
  });
}

export const DEFAULT_USER_AGENT = 'SoulSpot/0.0.0 ( https://github.com/soulspot )';

/** MusicBrainz etiquette: `AppName/version ( contact )`; the same string is polite for CAA, LRCLIB, Last.fm and Deezer. */
export function soulSpotUserAgent(version: string, contact: string): string {
  return `SoulSpot/${version} ( ${contact} )`;
}
