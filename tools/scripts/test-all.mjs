#!/usr/bin/env node
// `npm test`: every test layer, cheapest first; each must pass before the next runs.
//   lint → unit + integration (real PostgreSQL/Redis) → build → end-to-end + browser (built processes,
//   Chromium) → docker compose file validation.
import { spawnSync } from 'node:child_process';

process.env.NX_NO_CLOUD = 'true';
process.env.NX_DAEMON = 'false';
process.env.NX_TUI = 'false';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const steps = [
  ['lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']],
  ['unit + integration', 'npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=static', '--skip-nx-cache']],
  ['build', 'npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--outputStyle=static']],
  ['end-to-end + browser', 'npx', ['jest', '-c', 'apps/e2e/jest-e2e.config.cts', '--runInBand']],
];
if (has('docker-compose')) {
  steps.push(['docker compose file', 'docker-compose', ['-f', 'docker/docker-compose.yml', '--env-file', 'docker/.env.example', 'config', '-q']]);
} else {
  console.warn('docker-compose not installed: skipping the compose file check (.ci/run installs it)');
}

const started = Date.now();
for (const [label, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  console.log(`=== ${label}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s ===`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`\nall test layers passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
