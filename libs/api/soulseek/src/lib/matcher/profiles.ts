import { LOSSLESS_EXTENSIONS } from './candidate';
import type { SlskdSearchFile } from './types';

export type AudioFormat = 'flac' | 'alac' | 'wav' | 'aiff' | 'ape' | 'wv' | 'mp3' | 'aac' | 'm4a' | 'ogg' | 'opus' | 'wma';

export const AUDIO_FORMATS: readonly AudioFormat[] = [
  'flac', 'alac', 'wav', 'aiff', 'ape', 'wv', 'mp3', 'aac', 'm4a', 'ogg', 'opus', 'wma',
];

/** One quality rule; the first rule a file satisfies gives its score and tier. */
export interface QualityRule {
  formats: AudioFormat[] | 'lossless' | 'lossy';
  /** Lossy: reported kbps lower bound (inclusive). Unknown bitrate never satisfies a bound. */
  minBitrate?: number;
  maxBitrate?: number;
  /** Only variable-bitrate files (V0 reports ~220–260 kbps). */
  vbrOnly?: boolean;
  /** Only files that report no bitrate. */
  unknownBitrate?: boolean;
  minBitDepth?: number;
  maxBitDepth?: number;
  maxSampleRate?: number;
  minSampleRate?: number;
  score: number;
  tier: number;
}

/** A quality profile: plain data, so users can define their own (see validateQualityProfile). */
export interface QualityProfile {
  id: string;
  name: string;
  /** Allowed formats in order of preference; anything else is rejected. */
  allowedFormats: AudioFormat[];
  /** Lossy bitrate limits (kbps). Unknown bitrate passes but scores low. */
  minBitrate?: number;
  maxBitrate?: number;
  maxBitDepth?: number;
  maxSampleRate?: number;
  minSizeBytes?: number;
  maxSizeBytes?: number;
  /** Every word must occur in the path (normalised, whole words). */
  requiredWords?: string[];
  /** A path containing any of these words is ignored. */
  ignoredWords?: string[];
  preferredUsers?: string[];
  bannedUsers?: string[];
  /** Tier rules, best first. Files that match no rule get `fallbackScore`/`fallbackTier`. */
  rules: QualityRule[];
  fallbackScore: number;
  fallbackTier: number;
}

/** Tiers as the benchmark defines them: lossless → lossy ≥ 256/V0 → 192–255 → the rest. */
export const LOSSLESS_PREFERRED: QualityProfile = {
  id: 'lossless-preferred',
  name: 'Lossless preferred',
  allowedFormats: ['flac', 'alac', 'wav', 'aiff', 'ape', 'wv', 'mp3', 'm4a', 'aac', 'ogg', 'opus'],
  rules: [
    { formats: 'lossless', maxBitDepth: 16, maxSampleRate: 48000, score: 100, tier: 0 },
    { formats: 'lossless', score: 95, tier: 0 },
    { formats: 'lossy', minBitrate: 300, score: 80, tier: 1 },
    { formats: 'lossy', minBitrate: 220, vbrOnly: true, score: 80, tier: 1 },
    { formats: 'lossy', minBitrate: 256, score: 78, tier: 1 },
    { formats: 'lossy', minBitrate: 192, score: 50, tier: 2 },
    { formats: 'lossy', unknownBitrate: true, score: 40, tier: 3 },
  ],
  fallbackScore: 20,
  fallbackTier: 3,
};

/** Good lossy first (smaller, fast), lossless next, low bitrates last. */
export const BALANCED: QualityProfile = {
  id: 'balanced',
  name: 'Balanced',
  allowedFormats: ['mp3', 'm4a', 'aac', 'ogg', 'opus', 'flac', 'alac', 'wav', 'aiff'],
  rules: [
    { formats: ['mp3'], minBitrate: 300, score: 95, tier: 0 },
    { formats: 'lossy', minBitrate: 256, score: 92, tier: 0 },
    { formats: 'lossy', minBitrate: 220, vbrOnly: true, score: 92, tier: 0 },
    { formats: ['opus'], minBitrate: 160, score: 90, tier: 0 },
    { formats: 'lossless', maxBitDepth: 16, maxSampleRate: 48000, score: 88, tier: 0 },
    { formats: 'lossy', minBitrate: 192, score: 70, tier: 1 },
    { formats: 'lossless', score: 70, tier: 1 },
    { formats: 'lossy', unknownBitrate: true, score: 50, tier: 2 },
  ],
  fallbackScore: 20,
  fallbackTier: 2,
};

/** Small files: 192–320 kbps lossy only. */
export const SPACE_SAVER: QualityProfile = {
  id: 'space-saver',
  name: 'Space saver',
  allowedFormats: ['opus', 'm4a', 'aac', 'ogg', 'mp3'],
  maxBitrate: 320,
  rules: [
    { formats: ['opus'], minBitrate: 128, score: 95, tier: 0 },
    { formats: 'lossy', minBitrate: 192, maxBitrate: 260, score: 92, tier: 0 },
    { formats: 'lossy', minBitrate: 261, score: 80, tier: 1 },
    { formats: 'lossy', minBitrate: 160, score: 60, tier: 1 },
    { formats: 'lossy', unknownBitrate: true, score: 50, tier: 2 },
  ],
  fallbackScore: 20,
  fallbackTier: 2,
};

export const BUILT_IN_PROFILES: Readonly<Record<string, QualityProfile>> = {
  [LOSSLESS_PREFERRED.id]: LOSSLESS_PREFERRED,
  [BALANCED.id]: BALANCED,
  [SPACE_SAVER.id]: SPACE_SAVER,
};

export const DEFAULT_PROFILE = LOSSLESS_PREFERRED;

/** Maps a file extension onto a profile format ("aif" → "aiff"); null for non-audio. */
export function formatOf(ext: string): AudioFormat | null {
  const e = ext.toLowerCase();
  if (e === 'aif') return 'aiff';
  if (e === 'oga') return 'ogg';
  return (AUDIO_FORMATS as readonly string[]).includes(e) ? (e as AudioFormat) : null;
}

export function isLosslessFormat(f: AudioFormat): boolean {
  return LOSSLESS_EXTENSIONS.has(f);
}

function ruleMatches(rule: QualityRule, fmt: AudioFormat, file: SlskdSearchFile): boolean {
  const lossless = isLosslessFormat(fmt);
  if (rule.formats === 'lossless' ? !lossless : rule.formats === 'lossy' ? lossless : !rule.formats.includes(fmt)) {
    return false;
  }
  const br = file.bitRate ?? null;
  if (rule.unknownBitrate === true && br !== null) return false;
  if (!lossless && (rule.minBitrate !== undefined || rule.maxBitrate !== undefined)) {
    if (br === null) return false;
    if (rule.vbrOnly === true && file.isVariableBitRate !== true) return false;
    if (rule.minBitrate !== undefined && br < rule.minBitrate) return false;
    if (rule.maxBitrate !== undefined && br > rule.maxBitrate) return false;
  }
  if (rule.minBitDepth !== undefined && (file.bitDepth ?? 16) < rule.minBitDepth) return false;
  if (rule.maxBitDepth !== undefined && (file.bitDepth ?? 16) > rule.maxBitDepth) return false;
  if (rule.maxSampleRate !== undefined && (file.sampleRate ?? 44100) > rule.maxSampleRate) return false;
  if (rule.minSampleRate !== undefined && (file.sampleRate ?? 44100) < rule.minSampleRate) return false;
  return true;
}

export interface QualityAssessment {
  score: number;
  tier: number;
}

/** Quality score Q (0–100) and tier of a file under a profile, from its reported attributes. */
export function assessQuality(fmt: AudioFormat, file: SlskdSearchFile, profile: QualityProfile): QualityAssessment {
  for (const rule of profile.rules) {
    if (ruleMatches(rule, fmt, file)) return { score: rule.score, tier: rule.tier };
  }
  return { score: profile.fallbackScore, tier: profile.fallbackTier };
}

export type ProfileValidation = { ok: true; profile: QualityProfile } | { ok: false; errors: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a user-defined profile (e.g. from the settings API) and reports every problem at once.
 * Missing tier rules are derived from `allowedFormats` order.
 */
export function validateQualityProfile(input: unknown): ProfileValidation {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['profile must be an object'] };
  const str = (k: string): string | undefined => {
    const v = input[k];
    if (typeof v !== 'string' || v.trim() === '') {
      errors.push(`${k} must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const num = (k: string, min: number, max: number): number | undefined => {
    const v = input[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      errors.push(`${k} must be a number between ${min} and ${max}`);
      return undefined;
    }
    return v;
  };
  const words = (k: string): string[] | undefined => {
    const v = input[k];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((w) => typeof w === 'string' && w.trim() !== '')) {
      errors.push(`${k} must be a list of non-empty strings`);
      return undefined;
    }
    return v as string[];
  };
  const id = str('id');
  const name = str('name');
  const formatsRaw = input['allowedFormats'];
  let allowedFormats: AudioFormat[] = [];
  if (!Array.isArray(formatsRaw) || formatsRaw.length === 0) {
    errors.push('allowedFormats must be a non-empty list');
  } else {
    for (const f of formatsRaw) {
      const fmt = typeof f === 'string' ? formatOf(f) : null;
      if (!fmt) errors.push(`allowedFormats: unknown format ${JSON.stringify(f)}`);
      else if (allowedFormats.includes(fmt)) errors.push(`allowedFormats: ${fmt} listed twice`);
      else allowedFormats.push(fmt);
    }
  }
  const minBitrate = num('minBitrate', 8, 5000);
  const maxBitrate = num('maxBitrate', 8, 5000);
  if (minBitrate !== undefined && maxBitrate !== undefined && minBitrate > maxBitrate) {
    errors.push('minBitrate must not exceed maxBitrate');
  }
  const maxBitDepth = num('maxBitDepth', 8, 32);
  const maxSampleRate = num('maxSampleRate', 8000, 768000);
  const minSizeBytes = num('minSizeBytes', 0, Number.MAX_SAFE_INTEGER);
  const maxSizeBytes = num('maxSizeBytes', 1, Number.MAX_SAFE_INTEGER);
  if (minSizeBytes !== undefined && maxSizeBytes !== undefined && minSizeBytes > maxSizeBytes) {
    errors.push('minSizeBytes must not exceed maxSizeBytes');
  }
  const requiredWords = words('requiredWords');
  const ignoredWords = words('ignoredWords');
  const preferredUsers = words('preferredUsers');
  const bannedUsers = words('bannedUsers');
  if (errors.length > 0 || !id || !name) return { ok: false, errors };
  allowedFormats = allowedFormats.filter((f) => f);
  // Earlier formats get better tiers; lossy ones split at 256 kbps so that bitrate still counts.
  const rules: QualityRule[] = [];
  const n = allowedFormats.length;
  allowedFormats.forEach((fmt, i) => {
    const score = Math.round(100 - (i * 40) / Math.max(1, n));
    if (isLosslessFormat(fmt)) rules.push({ formats: [fmt], score, tier: i });
    else {
      rules.push({ formats: [fmt], minBitrate: 256, score, tier: i });
      rules.push({ formats: [fmt], minBitrate: 220, vbrOnly: true, score, tier: i });
      rules.push({ formats: [fmt], minBitrate: 1, score: Math.max(10, score - 30), tier: n + i });
    }
  });
  return {
    ok: true,
    profile: {
      id,
      name,
      allowedFormats,
      minBitrate,
      maxBitrate,
      maxBitDepth,
      maxSampleRate,
      minSizeBytes,
      maxSizeBytes,
      requiredWords,
      ignoredWords,
      preferredUsers,
      bannedUsers,
      rules,
      fallbackScore: 20,
      fallbackTier: 2 * n,
    },
  };
}
