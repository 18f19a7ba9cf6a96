#!/usr/bin/env node
// `npm test`: every test layer, in order of cost. Each step must pass before the next runs.
import { spawnSync } from 'node:child_process';

process.env.NX_NO_CLOUD = 'true';
process.env.NX_DAEMON = 'false';
process.env.NX_TUI = 'false';

const steps = [
  ['lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']],
  ['unit + integration', 'npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=static', '--skip-nx-cache']],
];

const started = Date.now();
for (const [label, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  console.log(`=== ${label}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s ===`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`\nall test layers passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
