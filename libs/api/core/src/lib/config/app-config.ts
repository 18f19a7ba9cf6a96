import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export type AppRole = 'api' | 'worker' | 'all';
export type LogFormat = 'pretty' | 'json';

/** Validated process configuration. This is the only place in the app that reads `process.env`. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  role: AppRole;
  host: string;
  port: number;
  /** Public base URL the browser uses (for OAuth redirect URIs); defaults to http://localhost:PORT. */
  publicUrl: string;
  dataDir: string;
  /** Undefined → the launcher provides an embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  /** Set by the launcher when it started the embedded PostgreSQL (shown on the System page). */
  embeddedDatabase: boolean;
  redisUrl: string;
  /** Prefix for BullMQ keys and pub/sub channels, so several instances (and test files) can share one Redis. */
  redisPrefix: string;
  logFormat: LogFormat;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** 32-byte key for AES-256-GCM encryption of secrets at rest. */
  secretKey: Buffer;
  corsOrigins: string[];
  sessionTtlHours: number;
  trustProxy: boolean;
  /** Directory with the built SPA (index.html); served by the api when present. */
  webDist: string;
  version: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates every variable at once so a user fixing their `.env` sees all problems together.
 * `SECRET_KEY` may be omitted: a random key is generated once and kept in `DATA_DIR/secret.key`.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = str(name);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${v}")`);
    return fallback;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const v = str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, protocols: string[]) => {
    const v = str(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')} (got "${u.protocol}")`);
      }
      return v;
    } catch {
      problems.push(`${name} is not a valid URL`);
      return undefined;
    }
  };
  const bool = (name: string, fallback: boolean) => {
    const v = str(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false (got "${v}")`);
    return fallback;
  };

  const nodeEnv = oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'production');
  const role = oneOf('APP_ROLE', ['api', 'worker', 'all'] as const, 'all');
  const host = str('HOST') ?? '0.0.0.0';
  const port = int('PORT', 8765, 0, 65535);
  const dataDirRaw = str('DATA_DIR') ?? './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']) ?? 'redis://127.0.0.1:6379';
  const redisPrefix = str('REDIS_PREFIX') ?? 'soulspot';
  if (!/^[A-Za-z0-9_-]+$/.test(redisPrefix)) problems.push('REDIS_PREFIX may only contain letters, digits, "_" and "-"');
  const logFormat = oneOf('LOG_FORMAT', ['pretty', 'json'] as const, 'pretty');
  const logLevel = oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info');
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const sessionTtlHours = int('SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365);
  const trustProxy = bool('TRUST_PROXY', false);
  const corsOrigins = (str('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    try {
      new URL(origin);
    } catch {
      problems.push(`CORS_ORIGINS contains an invalid origin "${origin}"`);
    }
  }
  const webDistRaw = str('WEB_DIST') ?? 'dist/apps/web/browser';
  const webDist = isAbsolute(webDistRaw) ? webDistRaw : resolve(cwd, webDistRaw);

  let secretKey: Buffer = Buffer.alloc(32);
  const secretRaw = str('SECRET_KEY');
  if (secretRaw !== undefined) {
    const decoded = decodeKey(secretRaw);
    if (!decoded) problems.push('SECRET_KEY must be 32 bytes as 64 hex characters or base64 (generate one with: openssl rand -hex 32)');
    else secretKey = decoded;
  }

  if (problems.length > 0) throw new ConfigValidationError(problems);
  if (secretRaw === undefined) secretKey = loadOrCreateKeyFile(join(dataDir, 'secret.key'));

  return {
    nodeEnv,
    role,
    host,
    port,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    dataDir,
    databaseUrl,
    embeddedDatabase: bool('EMBEDDED_DATABASE', false),
    redisUrl,
    redisPrefix,
    logFormat,
    logLevel,
    secretKey,
    corsOrigins,
    sessionTtlHours,
    trustProxy,
    webDist,
    version: str('APP_VERSION') ?? readPackageVersion(cwd),
  };
}

function decodeKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  const b = Buffer.from(raw, 'base64');
  return b.length === 32 ? b : undefined;
}

function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) {
    const key = decodeKey(readFileSync(path, 'utf8').trim());
    if (key) return key;
    throw new ConfigValidationError([`${path} does not hold a valid 32-byte key; restore it or set SECRET_KEY`]);
  }
  mkdirSync(join(path, '..'), { recursive: true });
  const key = randomBytes(32);
  // 'wx' so that two processes starting together never overwrite each other's key.
  try {
    writeFileSync(path, key.toString('hex'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return loadOrCreateKeyFile(path);
  }
}

function readPackageVersion(cwd: string): string {
  try {
    return (JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
