import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreateQualityProfileRequest, QualityProfileView, UpdateQualityProfileRequest } from '@soulspot/shared/contracts';
import { EventBus } from '@soulspot/api/core';
import { SettingsRepository } from '@soulspot/api/platform';
import { BUILT_IN_PROFILES, DEFAULT_PROFILE, type QualityProfile } from '../matcher/profiles';
import { builtInView, customView, toMatcherProfile, type StoredQualityProfile } from './quality-profile.mapper';

export const QUALITY_PROFILES_SECTION = 'quality-profiles';

interface StoredQualityProfiles {
  defaultId?: string;
  profiles?: StoredQualityProfile[];
}

/**
 * Quality profiles: the three built-ins (read-only, hand-tuned tier rules) plus the user's own, stored in
 * the `quality-profiles` settings section. One of them is the default for searches and downloads that
 * name none; `resolve()` turns any id into the matcher's profile.
 */
@Injectable()
export class QualityProfilesService {
  private readonly logger = new Logger(QualityProfilesService.name);
  /** Writes are read-modify-write on one jsonb row: serialise them within this process. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: SettingsRepository,
    private readonly events: EventBus,
  ) {}

  async list(): Promise<QualityProfileView[]> {
    const s = await this.stored();
    const def = this.defaultIdOf(s);
    const custom = [...(s.profiles ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    return [...Object.values(BUILT_IN_PROFILES).map((p) => builtInView(p, p.id === def)), ...custom.map((p) => customView(p, p.id === def))];
  }

  async get(id: string): Promise<QualityProfileView> {
    const found = (await this.list()).find((p) => p.id === id);
    if (!found) throw new NotFoundException(`quality profile ${id} not found`);
    return found;
  }

  /** The id searches and downloads use when they name no profile. */
  async defaultId(): Promise<string> {
    return this.defaultIdOf(await this.stored());
  }

  async exists(id: string): Promise<boolean> {
    return id in BUILT_IN_PROFILES || ((await this.stored()).profiles ?? []).some((p) => p.id === id);
  }

  /** 400 for an id that names no profile (for requests that choose one). */
  async assertKnown(id: string): Promise<void> {
    if (!(await this.exists(id))) throw new BadRequestException(`unknown quality profile "${id}": choose one from GET /api/quality-profiles`);
  }

  create(req: CreateQualityProfileRequest): Promise<QualityProfileView> {
    return this.write(async (s) => {
      const profile = this.checked({ ...this.clean(req), id: randomUUID() }, s);
      s.profiles = [...(s.profiles ?? []), profile];
      this.logger.log(`quality profile "${profile.name}" (${profile.id}) created`);
      return customView(profile, false);
    });
  }

  update(id: string, req: UpdateQualityProfileRequest): Promise<QualityProfileView> {
    return this.write(async (s) => {
      this.assertEditable(id);
      const profiles = s.profiles ?? [];
      const i = profiles.findIndex((p) => p.id === id);
      if (i < 0) throw new NotFoundException(`quality profile ${id} not found`);
      const profile = this.checked({ ...this.clean(req), id }, s);
      s.profiles = profiles.map((p, j) => (j === i ? profile : p));
      return customView(profile, this.defaultIdOf(s) === id);
    });
  }

  remove(id: string): Promise<void> {
    return this.write(async (s) => {
      this.assertEditable(id);
      const profiles = s.profiles ?? [];
      const victim = profiles.find((p) => p.id === id);
      if (!victim) throw new NotFoundException(`quality profile ${id} not found`);
      if (this.defaultIdOf(s) === id) {
        throw new ConflictException(`"${victim.name}" is the default quality profile: make another profile the default first, then delete this one`);
      }
      s.profiles = profiles.filter((p) => p.id !== id);
      this.logger.log(`quality profile "${victim.name}" (${id}) deleted`);
    });
  }

  setDefault(id: string): Promise<QualityProfileView> {
    return this.write(async (s) => {
      const custom = (s.profiles ?? []).find((p) => p.id === id);
      const builtIn = BUILT_IN_PROFILES[id];
      if (!custom && !builtIn) throw new NotFoundException(`quality profile ${id} not found`);
      s.defaultId = id;
      return custom ? customView(custom, true) : builtInView(builtIn, true);
    });
  }

  /**
   * The matcher profile for an id; no id → the default. An id that names no profile any more (deleted
   * after a search or download was queued) falls back to the default, so queued work still runs.
   */
  async resolve(id: string | null | undefined): Promise<QualityProfile> {
    const s = await this.stored();
    const def = this.defaultIdOf(s);
    const wanted = id ?? def;
    const found = this.matcherProfile(wanted, s);
    if (found) return found;
    this.logger.warn(`quality profile "${wanted}" not found; using the default "${def}"`);
    return this.matcherProfile(def, s) ?? DEFAULT_PROFILE;
  }

  private matcherProfile(id: string, s: StoredQualityProfiles): QualityProfile | null {
    const builtIn = BUILT_IN_PROFILES[id];
    if (builtIn) return builtIn;
    const custom = (s.profiles ?? []).find((p) => p.id === id);
    if (!custom) return null;
    const v = toMatcherProfile(custom);
    if (v.ok) return v.profile;
    // Only possible if the stored JSON was edited by hand: say so and fall back.
    this.logger.error(`stored quality profile "${custom.name}" (${id}) is invalid: ${v.errors.join('; ')}`);
    return null;
  }

  private defaultIdOf(s: StoredQualityProfiles): string {
    const id = s.defaultId;
    if (id && (id in BUILT_IN_PROFILES || (s.profiles ?? []).some((p) => p.id === id))) return id;
    return DEFAULT_PROFILE.id;
  }

  private assertEditable(id: string): void {
    if (id in BUILT_IN_PROFILES) throw new ConflictException(`"${BUILT_IN_PROFILES[id].name}" is a built-in profile and cannot be changed: create a profile of your own instead`);
  }

  /** Trimmed words/users without blanks or duplicates (case-insensitive). */
  private clean(req: CreateQualityProfileRequest): Omit<StoredQualityProfile, 'id'> {
    const words = (v: readonly string[] | undefined): string[] => {
      const out: string[] = [];
      for (const w of v ?? []) {
        const t = w.trim();
        if (t && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
      }
      return out;
    };
    const num = (v: number | null | undefined): number | null => (v === undefined ? null : v);
    return {
      name: req.name.trim(),
      allowedFormats: [...req.allowedFormats],
      minBitrate: num(req.minBitrate),
      maxBitrate: num(req.maxBitrate),
      maxBitDepth: num(req.maxBitDepth),
      maxSampleRate: num(req.maxSampleRate),
      minSizeMb: num(req.minSizeMb),
      maxSizeMb: num(req.maxSizeMb),
      requiredWords: words(req.requiredWords),
      ignoredWords: words(req.ignoredWords),
      preferredUsers: words(req.preferredUsers),
      bannedUsers: words(req.bannedUsers),
    };
  }

  /** Unique name, and the matcher accepts it (min ≤ max and the like) — every problem at once. */
  private checked(p: StoredQualityProfile, s: StoredQualityProfiles): StoredQualityProfile {
    const errors: string[] = [];
    const lower = p.name.toLowerCase();
    const taken = [...Object.values(BUILT_IN_PROFILES), ...(s.profiles ?? [])].some((o) => o.id !== p.id && o.name.toLowerCase() === lower);
    if (taken) errors.push(`name: a profile called "${p.name}" already exists`);
    const v = toMatcherProfile(p);
    if (!v.ok) errors.push(...v.errors.map((e) => e.replace(/SizeBytes/g, 'SizeMb')));
    if (errors.length) throw new BadRequestException({ message: `invalid quality profile: ${errors.join('; ')}`, errors });
    return p;
  }

  private write<T>(fn: (s: StoredQualityProfiles) => Promise<T>): Promise<T> {
    const run = this.writes.then(async () => {
      const s = await this.stored();
      const result = await fn(s);
      await this.repo.put(QUALITY_PROFILES_SECTION, { ...s });
      await this.events.publish({ type: 'settings.updated', payload: { section: QUALITY_PROFILES_SECTION } });
      return result;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async stored(): Promise<StoredQualityProfiles> {
    return ((await this.repo.get(QUALITY_PROFILES_SECTION)) ?? {}) as StoredQualityProfiles;
  }
}
