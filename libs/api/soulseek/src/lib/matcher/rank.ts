import { assessFile, newEvalCache, type FileAssessment } from './evaluate';
import { DEFAULT_PROFILE, type QualityProfile } from './profiles';
import type {
  AcceptedVerdict,
  CandidateResult,
  MatchHistory,
  RankedCandidate,
  SlskdSearchFile,
  SlskdSearchResponse,
  Verdict,
  WantedTrack,
} from './types';
import { DEFAULT_SETTINGS, type MatcherSettings, prepareWant, type PreparedWant } from './wanted';

export interface MatchOptions {
  profile?: QualityProfile;
  settings?: MatcherSettings;
  history?: MatchHistory;
  /** "Speed first": availability class ranks before quality tier. */
  speedFirst?: boolean;
  /**
   * Rank the identity band (strong > acceptable) before the quality tier. Off by default: every
   * accepted candidate already passed the identity threshold, and on the benchmark band-first
   * traded 4.5 points of quality-optimal picks for no fewer wrong picks.
   */
  identityFirst?: boolean;
}

export interface MatchResult {
  /** Accepted candidates, best first. */
  ranked: RankedCandidate[];
  /** Every other file with its reason, for the UI. */
  rejected: CandidateResult[];
  /** The pick (first of `ranked`), or null to abstain. */
  best: RankedCandidate | null;
  /** Top of the ranking re-arranged so no user appears more than twice in a row. */
  retryList: RankedCandidate[];
}

/** 32-bit FNV-1a: a stable, platform-independent tie-break. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface PeerInfo {
  username: string;
  uploadSpeed: number;
  queueLength: number;
  hasFreeUploadSlot: boolean;
}

/** Availability A (0–100), class and ETA of one file at one peer. */
export function availabilityOf(
  peer: PeerInfo,
  size: number,
  history?: MatchHistory,
  preferred = false,
): { score: number; availClass: 0 | 1 | 2; etaSeconds: number } {
  const queue = Math.max(0, peer.queueLength);
  const slot = peer.hasFreeUploadSlot ? 40 : 40 - 0.8 * Math.min(queue, 50);
  const kib = Math.max(0, peer.uploadSpeed) / 1024;
  const speed = 40 * Math.min(1, Math.log10(1 + kib) / Math.log10(5001));
  const stats = history?.userStats?.get(peer.username);
  const s = stats?.successes ?? 0;
  const f = stats?.failures ?? 0;
  const record = (20 * (s + 1)) / (s + f + 2);
  const score = Math.min(100, slot + speed + record + (preferred ? 10 : 0));
  const availClass: 0 | 1 | 2 =
    peer.hasFreeUploadSlot && peer.uploadSpeed >= 100 * 1024 ? 0 : queue <= 10 ? 1 : 2;
  const etaSeconds = Math.round(queue * 60 + (peer.uploadSpeed > 0 ? size / peer.uploadSpeed : 3600));
  return { score, availClass, etaSeconds };
}

const hashCache = new WeakMap<RankedCandidate, number>();

function hashOf(c: RankedCandidate): number {
  let h = hashCache.get(c);
  if (h === undefined) {
    h = stableHash(`${c.username}\\${c.filename}`);
    hashCache.set(c, h);
  }
  return h;
}

function compareAccepted(a: RankedCandidate, b: RankedCandidate, speedFirst: boolean, identityFirst: boolean): number {
  const va = a.verdict;
  const vb = b.verdict;
  if (identityFirst && va.band !== vb.band) return va.band - vb.band;

  if (speedFirst) {
    if (va.availClass !== vb.availClass) return va.availClass - vb.availClass;
    if (va.qualityTier !== vb.qualityTier) return va.qualityTier - vb.qualityTier;
  } else {
    if (va.qualityTier !== vb.qualityTier) return va.qualityTier - vb.qualityTier;
    if (va.availClass !== vb.availClass) return va.availClass - vb.availClass;
  }
  if (va.band !== vb.band) return va.band - vb.band;
  if (va.composite !== vb.composite) return vb.composite - va.composite;
  const ha = hashOf(a);
  const hb = hashOf(b);
  if (ha !== hb) return ha - hb;
  // Equal hashes are astronomically rare; fall back to text so the order stays total.
  const ka = `${a.username}\\${a.filename}`;
  const kb = `${b.username}\\${b.filename}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Reorders the top `limit` so that at most `maxRun` consecutive entries share a user. */
export function buildRetryList<T extends { username: string }>(ranked: readonly T[], limit = 10, maxRun = 2): T[] {
  const pool = ranked.slice();
  const out: T[] = [];
  while (out.length < limit && pool.length > 0) {
    const n = out.length;
    const last = out[n - 1]?.username;
    const blocked = n >= maxRun && out.slice(n - maxRun).every((c) => c.username === last) ? last : undefined;
    const idx = blocked === undefined ? 0 : pool.findIndex((c) => c.username !== blocked);
    // Only that user is left: stop rather than queue a third attempt at the same peer in a row.
    if (idx < 0) break;
    out.push(pool.splice(idx, 1)[0]);
  }
  return out;
}

interface Pending {
  username: string;
  file: SlskdSearchFile;
  peer: PeerInfo;
  assessment: FileAssessment;
}

/**
 * Evaluates every file of every response for one wanted track and ranks the accepted ones.
 * Pure: same inputs → same output regardless of response or file order.
 */
export function matchTrack(
  want: WantedTrack | PreparedWant,
  responses: readonly SlskdSearchResponse[],
  options: MatchOptions = {},
): MatchResult {
  const profile = options.profile ?? DEFAULT_PROFILE;
  const prepared = 'titlePhrases' in want ? want : prepareWant(want, options.settings ?? DEFAULT_SETTINGS);
  const settings = prepared.settings;
  const history = options.history;
  const cache = newEvalCache();
  const pending: Pending[] = [];
  const rejected: CandidateResult[] = [];
  const reject = (username: string, file: SlskdSearchFile, verdict: Verdict): void => {
    rejected.push({ username, filename: file.filename, file, verdict });
  };
  for (const r of responses) {
    const peer: PeerInfo = {
      username: r.username,
      uploadSpeed: r.uploadSpeed,
      queueLength: r.queueLength,
      hasFreeUploadSlot: r.hasFreeUploadSlot,
    };
    const stats = history?.userStats?.get(r.username);
    const userBlocked =
      history?.blockedUsers?.has(r.username) === true || (stats?.recentFailures ?? 0) >= 2;
    for (const file of r.lockedFiles ?? []) reject(r.username, file, { accept: false, reason: 'locked' });
    for (const file of r.files) {
      if (userBlocked) {
        reject(r.username, file, { accept: false, reason: 'blocked_user' });
        continue;
      }
      if (history?.rejectedFiles?.has(`${r.username}\\${file.filename}`)) {
        reject(r.username, file, { accept: false, reason: 'blocked_file' });
        continue;
      }
      const assessment = assessFile(prepared, r.username, file, profile, cache);
      if (!assessment.ok) {
        reject(r.username, file, { accept: false, reason: assessment.reason, detail: assessment.detail });
        continue;
      }
      pending.push({ username: r.username, file, peer, assessment });
    }
  }

  // Consensus: how many users share an equivalent file (same length within 2 s).
  const usersByLength = new Map<number, Set<string>>();
  for (const p of pending) {
    if (p.assessment.ok && p.assessment.length !== null) {
      const k = Math.round(p.assessment.length);
      const set = usersByLength.get(k) ?? new Set<string>();
      set.add(p.username);
      usersByLength.set(k, set);
    }
  }
  const countByKey = new Map<number, number>();
  const consensusCount = (length: number | null): number => {
    if (length === null) return 1;
    const k = Math.round(length);
    const hit = countByKey.get(k);
    if (hit !== undefined) return hit;
    const users = new Set<string>();
    for (let d = -2; d <= 2; d++) for (const u of usersByLength.get(k + d) ?? []) users.add(u);
    countByKey.set(k, users.size);
    return users.size;
  };
  const counts = pending.map((p) => (p.assessment.ok ? consensusCount(p.assessment.length) : 1));
  const maxCount = Math.max(1, ...counts);

  const ranked: RankedCandidate[] = [];
  pending.forEach((p, i) => {
    const a = p.assessment;
    if (!a.ok) return;
    const consensus = maxCount > 1 ? Math.log(1 + counts[i]) / Math.log(1 + maxCount) : 1;
    const raw = 35 * a.title + 25 * a.artist + 20 * a.duration + 10 * a.album + 5 * a.trackNumber + 5 * consensus;
    const identity = Math.max(0, Math.min(100, raw * a.versionFactor - a.penalty));
    if (identity < settings.acceptIdentity) {
      reject(p.username, p.file, {
        accept: false,
        reason: 'low_identity',
        detail: a.reasons.join('; ') || undefined,
        identity: round1(identity),
      });
      return;
    }
    const preferred = profile.preferredUsers?.includes(p.username) === true;
    const avail = availabilityOf(p.peer, p.file.size, history, preferred);
    const composite = 0.6 * identity + 0.25 * a.quality + 0.15 * avail.score;
    const verdict: AcceptedVerdict = {
      accept: true,
      identity: round1(identity),
      quality: a.quality,
      availability: round1(avail.score),
      band: identity >= settings.strongIdentity ? 1 : 2,
      qualityTier: a.qualityTier,
      availClass: avail.availClass,
      composite: round1(composite),
      etaSeconds: avail.etaSeconds,
      reasons: a.reasons,
    };
    ranked.push({ username: p.username, filename: p.file.filename, file: p.file, verdict });
  });
  const speedFirst = options.speedFirst === true;
  const identityFirst = options.identityFirst === true;
  ranked.sort((x, y) => compareAccepted(x, y, speedFirst, identityFirst));
  rejected.sort((x, y) => (x.username === y.username ? (x.filename < y.filename ? -1 : 1) : x.username < y.username ? -1 : 1));
  return { ranked, rejected, best: ranked[0] ?? null, retryList: buildRetryList(ranked) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
