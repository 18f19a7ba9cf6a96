#!/usr/bin/env node
// Container health check. api: the HTTP liveness route answers. worker: its heartbeat key in Redis is fresh.
// Exit 0 = healthy, 1 = unhealthy (Docker's convention).
const role = process.argv[2] || process.env.APP_ROLE || 'api';

async function main() {
  if (role === 'worker') {
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
    await redis.connect();
    const beat = await redis.get(`${process.env.REDIS_PREFIX || 'soulspot'}:worker:heartbeat`);
    redis.disconnect();
    if (!beat) throw new Error('no worker heartbeat');
    return;
  }
  const port = process.env.PORT || 8765;
  const res = await fetch(`http://127.0.0.1:${port}/api/health/live`, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`liveness answered ${res.status}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`unhealthy: ${e.message}\n`);
    process.exit(1);
  },
);
