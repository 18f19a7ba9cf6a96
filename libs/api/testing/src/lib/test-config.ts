import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@soulspot/api/core';

export function testRedisUrl(): string {
  return process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}

/** A unique Redis key prefix per test file so parallel files never see each other's queues or events. */
export function testRedisPrefix(label: string): string {
  return `sst_${label.replace(/[^A-Za-z0-9]+/g, '_')}_${randomBytes(3).toString('hex')}`;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    nodeEnv: 'test',
    role: 'all',
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'http://localhost:8765',
    dataDir: mkdtempSync(join(tmpdir(), 'soulspot-test-')),
    databaseUrl: undefined,
    embeddedDatabase: false,
    redisUrl: testRedisUrl(),
    redisPrefix: testRedisPrefix('test'),
    logFormat: 'pretty',
    logLevel: 'warn',
    secretKey: randomBytes(32),
    corsOrigins: [],
    sessionTtlHours: 24,
    trustProxy: false,
    webDist: join(tmpdir(), 'soulspot-no-web'),
    version: '0.0.0-test',
    ...overrides,
  };
}
