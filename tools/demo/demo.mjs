#!/usr/bin/env node
// `npm run demo`: SoulSpot against local fakes of slskd, Spotify and the metadata services, so the
// whole flow can be tried without accounts. Starts the three fakes on free ports, runs SoulSpot through
// the launcher with its own data dir (./data/demo) and Redis prefix, seeds the settings through the
// public API (idempotent: the data dir persists between runs), prints a guide and stops everything on
// Ctrl+C/SIGTERM (SoulSpot first, then the fakes).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.DEMO_PORT || 8765);
const publicUrl = (process.env.PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const dataDir = resolve(root, 'data/demo');
const downloadsDir = join(dataDir, 'slskd-downloads');
const libraryDir = resolve(root, 'data/demo-library');
const ADMIN = { username: 'demo', password: 'demo-password-1' };
const SLSKD_KEY = 'soulspot-demo-slskd-key';
const SPOTIFY_CLIENT_ID = 'soulspot-demo-client';

const log = (msg) => process.stdout.write(`demo: ${msg}\n`);
const children = []; // { name, child, exited }, in start order
let stopping = false;

mkdirSync(downloadsDir, { recursive: true });
mkdirSync(libraryDir, { recursive: true });

/**
 * Children run in their own process group (detached) so a terminal Ctrl+C reaches only this script,
 * which then stops them in order. `ready` resolves with the child's stdout once `pattern` matched.
 */
function start(name, args, { env = {}, pattern, timeoutMs = 60_000, echo = false } = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const entry = { name, child, exited };
  children.push(entry);
  let out = '';
  let isReady = false;
  const ready = new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      if (echo) process.stdout.write(text);
      if (isReady) return;
      out += text;
      if (pattern && pattern.test(out)) {
        isReady = true;
        clearTimeout(timer);
        res(out);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      if (echo || stopping) process.stderr.write(chunk);
      else if (!isReady) out += chunk.toString();
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${out}`));
    });
  });
  ready.catch(() => undefined);
  void exited.then(({ code, signal }) => {
    if (!stopping) {
      process.stderr.write(`demo: ${name} exited unexpectedly (${signal ?? code}); stopping the rest\n`);
      void shutdown(1);
    }
  });
  return { ...entry, ready };
}

const tsArgs = (file, ...args) => ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', file, ...args];
const tsEnv = { TS_NODE_PROJECT: 'tsconfig.base.json' };

async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      // Any HTTP answer means the server listens (fakes answer 401/404 on their roots).
      await r.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`nothing answers on ${url}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function api(method, path, { body, apiKey, cookie, csrf, expect = [200, 201, 204] } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (apiKey) headers['x-api-key'] = apiKey;
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  const r = await fetch(`http://127.0.0.1:${port}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!expect.includes(r.status)) throw new Error(`${method} /api${path} answered ${r.status}: ${text}`);
  return { status: r.status, json: text ? JSON.parse(text) : null, setCookie: r.headers.getSetCookie?.() ?? [] };
}

async function seed(fakes) {
  const { json: status } = await api('GET', '/auth/onboarding');
  let session;
  if (status.needsOnboarding) {
    log(`creating the admin account "${ADMIN.username}"`);
    session = await api('POST', '/auth/onboarding', { body: ADMIN });
  } else {
    const r = await api('POST', '/auth/login', { body: ADMIN, expect: [200, 401, 429] });
    if (r.status !== 200) {
      throw new Error(
        `the admin account in ${dataDir} is not ${ADMIN.username} / ${ADMIN.password} (login answered ${r.status}). ` +
          'Delete that folder to start the demo afresh.',
      );
    }
    session = r;
  }
  const cookie = session.setCookie.map((c) => c.split(';')[0]).join('; ');
  const { json: key } = await api('GET', '/auth/api-key', { cookie });
  const apiKey = key.apiKey;

  await api('PUT', '/spotify/settings', {
    apiKey,
    body: { clientId: SPOTIFY_CLIENT_ID, accountsBaseUrl: fakes.spotify.accounts, apiBaseUrl: fakes.spotify.api },
  });
  await api('PUT', '/settings/slskd', {
    apiKey,
    body: { url: fakes.slskd, apiKey: SLSKD_KEY, downloadsPathRemote: downloadsDir, downloadsPathLocal: downloadsDir },
  });
  const m = fakes.metadata;
  await api('PUT', '/settings/import', {
    apiKey,
    body: {
      libraryPath: libraryDir,
      providers: { musicBrainz: m.musicBrainz, coverArtArchive: m.coverArtArchive, lrclib: m.lrclib, lastfm: m.lastfm, deezer: m.deezer },
    },
  });
  const { json: test } = await api('POST', '/soulseek/test-connection', { apiKey });
  if (!test.ok) log(`warning: SoulSpot could not reach the fake slskd: ${JSON.stringify(test)}`);
  return apiKey;
}

async function main() {
  log('starting the fakes');
  const slskd = start('fake slskd', tsArgs('tools/fakes/src/slskd/main.ts', '--port', '0', '--api-key', SLSKD_KEY, '--downloads', downloadsDir), {
    env: tsEnv,
    pattern: /downloads: .+\n/,
  });
  const spotify = start(
    'fake spotify',
    tsArgs('tools/fakes/src/spotify/main.ts', '--port', '0', '--client-id', SPOTIFY_CLIENT_ID, '--redirect-uri', `${publicUrl}/api/spotify/callback`, '--catalogue-playlist'),
    { env: tsEnv, pattern: /client_id \S+\n/ },
  );
  const metadata = start('fake metadata', tsArgs('tools/fakes/src/metadata/main.ts', '--port', '0'), { env: tsEnv, pattern: /catalogue: .+\n/ });

  const slskdOut = await slskd.ready;
  const spotifyOut = await spotify.ready;
  const metadataOut = await metadata.ready;
  const fakes = {
    slskd: /listening on (\S+)/.exec(slskdOut)[1],
    spotify: { accounts: /accounts (\S+)/.exec(spotifyOut)[1], api: /api (\S+)/.exec(spotifyOut)[1] },
    metadata: Object.fromEntries([...metadataOut.matchAll(/^(\w+)\s+(http\S+)$/gm)].map((x) => [x[1], x[2]])),
  };
  await Promise.all([waitForHttp(fakes.slskd), waitForHttp(`${fakes.spotify.api}/me`), waitForHttp(fakes.metadata.musicBrainz)]);
  log(`fake slskd ${fakes.slskd}, fake Spotify ${fakes.spotify.accounts}, fake MusicBrainz ${fakes.metadata.musicBrainz}`);

  log(`starting SoulSpot on ${publicUrl} (data in ${dataDir})`);
  const app = start('SoulSpot', ['tools/launcher/launch.mjs'], {
    // Its own embedded PostgreSQL port, so the demo can run beside a normal `npm start`.
    env: { DATA_DIR: dataDir, REDIS_PREFIX: 'soulspot_demo', PORT: String(port), PUBLIC_URL: publicUrl, EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT || '54339' },
    pattern: /SoulSpot is running/,
    timeoutMs: 180_000,
    echo: process.env.DEMO_VERBOSE === '1',
  });
  // The launcher must stop before the fakes: move it to the front of the stop order.
  children.unshift(children.pop());
  await app.ready;
  if (process.env.DEMO_VERBOSE !== '1') {
    // From now on show SoulSpot's warnings and errors only.
    app.child.stdout.on('data', (c) => {
      for (const line of c.toString().split('\n')) if (/\b(WARN|ERROR)\b/.test(line)) process.stdout.write(`${line}\n`);
    });
    app.child.stderr.on('data', (c) => process.stderr.write(c));
  }

  const apiKey = await seed(fakes);
  process.stdout.write(
    [
      '',
      '  SoulSpot demo is running (everything external is a local fake; nothing leaves this machine).',
      '',
      `  Open        ${publicUrl}`,
      `  Log in      ${ADMIN.username} / ${ADMIN.password}`,
      `  API key     ${apiKey}   (header X-Api-Key; docs at ${publicUrl}/api/docs)`,
      '',
      '  Try:',
      '   1. Settings → Spotify → Connect: the fake Spotify approves at once and sends you back.',
      '      (The fake Spotify forgets its grants when it stops: on later runs Settings asks to reconnect; just Connect again.)',
      '   2. Playlists → Add from Spotify: pick "Soulseek demo mix" (8 tracks the fake slskd shares, decoys included).',
      '   3. Open the list → "Download missing", then watch Downloads: each track is searched (within the search budget),',
      '      queued at a peer, downloaded, verified — live, with progress, speed and the reason when a candidate fails.',
      `   4. Verified files are tagged (MusicBrainz, cover, lyrics from the fakes), named and moved into ${libraryDir};`,
      '      Library → Import shows each step, and the list\'s M3U8 appears in its Playlists folder.',
      '   5. Search: a Soulseek search by hand shows every candidate with its scores and reasons; Download picks one.',
      '',
      `  Data persists in ${dataDir} (delete it to start afresh). Stop with Ctrl+C.`,
      '',
    ].join('\n'),
  );
}

async function stopChild({ name, child, exited }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // The launcher gives running jobs up to 30 s; the fakes stop at once.
  const timer = setTimeout(() => {
    log(`${name} did not stop; killing it`);
    child.kill('SIGKILL');
  }, name === 'SoulSpot' ? 45_000 : 5_000);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  for (const c of children) {
    try {
      await stopChild(c);
    } catch (e) {
      process.stderr.write(`demo: stopping ${c.name} failed: ${e.message}\n`);
    }
  }
  log('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('exit', () => {
  // Last resort if we die without shutdown(): leave no orphans behind.
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
main().catch((e) => {
  process.stderr.write(`\ndemo: ${e.message}\n`);
  void shutdown(1);
});
