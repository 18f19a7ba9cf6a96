import type { QualityProfileFields, QualityProfileView } from '@soulspot/shared/contracts';
import { validateQualityProfile, type ProfileValidation, type QualityProfile } from '../matcher/profiles';

/** Sizes are entered in MB as Soulseek clients show them (MiB). */
export const BYTES_PER_MB = 1024 * 1024;

/** A user-defined profile as stored in the `quality-profiles` settings section. */
export interface StoredQualityProfile extends QualityProfileFields {
  id: string;
}

/** Turns a user profile into the matcher's form: formats in order become tier rules, limits map onto the profile fields. */
export function toMatcherProfile(p: StoredQualityProfile): ProfileValidation {
  const opt = (v: number | null | undefined): number | undefined => (v === null || v === undefined ? undefined : v);
  const mb = (v: number | null | undefined): number | undefined => (v === null || v === undefined ? undefined : Math.round(v * BYTES_PER_MB));
  const list = (v: string[]): string[] | undefined => (v.length ? v : undefined);
  return validateQualityProfile({
    id: p.id,
    name: p.name,
    allowedFormats: p.allowedFormats,
    minBitrate: opt(p.minBitrate),
    maxBitrate: opt(p.maxBitrate),
    maxBitDepth: opt(p.maxBitDepth),
    maxSampleRate: opt(p.maxSampleRate),
    minSizeBytes: mb(p.minSizeMb),
    maxSizeBytes: mb(p.maxSizeMb),
    requiredWords: list(p.requiredWords),
    ignoredWords: list(p.ignoredWords),
    preferredUsers: list(p.preferredUsers),
    bannedUsers: list(p.bannedUsers),
  });
}

/** A built-in matcher profile as the UI sees it (read-only). */
export function builtInView(p: QualityProfile, isDefault: boolean): QualityProfileView {
  const mb = (v: number | undefined): number | null => (v === undefined ? null : Math.round((v / BYTES_PER_MB) * 100) / 100);
  return {
    id: p.id,
    name: p.name,
    builtIn: true,
    isDefault,
    allowedFormats: [...p.allowedFormats],
    minBitrate: p.minBitrate ?? null,
    maxBitrate: p.maxBitrate ?? null,
    maxBitDepth: p.maxBitDepth ?? null,
    maxSampleRate: p.maxSampleRate ?? null,
    minSizeMb: mb(p.minSizeBytes),
    maxSizeMb: mb(p.maxSizeBytes),
    requiredWords: [...(p.requiredWords ?? [])],
    ignoredWords: [...(p.ignoredWords ?? [])],
    preferredUsers: [...(p.preferredUsers ?? [])],
    bannedUsers: [...(p.bannedUsers ?? [])],
  };
}

export function customView(p: StoredQualityProfile, isDefault: boolean): QualityProfileView {
  return {
    id: p.id,
    name: p.name,
    builtIn: false,
    isDefault,
    allowedFormats: [...p.allowedFormats],
    minBitrate: p.minBitrate ?? null,
    maxBitrate: p.maxBitrate ?? null,
    maxBitDepth: p.maxBitDepth ?? null,
    maxSampleRate: p.maxSampleRate ?? null,
    minSizeMb: p.minSizeMb ?? null,
    maxSizeMb: p.maxSizeMb ?? null,
    requiredWords: [...p.requiredWords],
    ignoredWords: [...p.ignoredWords],
    preferredUsers: [...p.preferredUsers],
    bannedUsers: [...p.bannedUsers],
  };
}
