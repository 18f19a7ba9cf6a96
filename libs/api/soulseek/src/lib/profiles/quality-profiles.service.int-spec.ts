import type { Redis } from 'ioredis';
import { firstValueFrom, take, toArray, timeout } from 'rxjs';
import { DataSource } from 'typeorm';
import type { CreateQualityProfileRequest } from '@soulspot/shared/contracts';
import { createRedis, EventBus } from '@soulspot/api/core';
import { buildDataSourceOptions } from '@soulspot/api/database';
import { PLATFORM_ENTITIES, SettingsRepository } from '@soulspot/api/platform';
import { createTestDatabase, testRedisPrefix, testRedisUrl } from '@soulspot/api/testing';
import { BALANCED, LOSSLESS_PREFERRED } from '../matcher/profiles';
import { BYTES_PER_MB } from './quality-profile.mapper';
import { QUALITY_PROFILES_SECTION, QualityProfilesService } from './quality-profiles.service';

/** Quality profiles stored in the settings table of a real PostgreSQL clone; events over real Redis. */
jest.setTimeout(30_000);

const mp3Only: CreateQualityProfileRequest = {
  name: '  MP3 320 only ',
  allowedFormats: ['mp3'],
  minBitrate: 256,
  maxSizeMb: 20,
  requiredWords: [' web ', 'WEB', ''],
  ignoredWords: ['karaoke'],
  preferredUsers: [],
  bannedUsers: ['leech'],
};

describe('QualityProfilesService (real PostgreSQL)', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let redis: Redis;
  let bus: EventBus;
  let service: QualityProfilesService;

  beforeAll(async () => {
    const db = await createTestDatabase('quality_profiles');
    drop = db.drop;
    ds = new DataSource(buildDataSourceOptions({ url: db.url, entities: [...PLATFORM_ENTITIES] }));
    await ds.initialize();
    redis = createRedis(testRedisUrl());
    bus = new EventBus(redis, () => createRedis(testRedisUrl()), `${testRedisPrefix('quality_profiles')}:events`);
    service = new QualityProfilesService(new SettingsRepository(ds), bus);
  });
  beforeEach(async () => {
    await ds.query('DELETE FROM settings WHERE section = $1', [QUALITY_PROFILES_SECTION]);
  });
  afterAll(async () => {
    await bus?.onModuleDestroy();
    redis?.disconnect();
    await ds?.destroy();
    await drop?.();
  });

  it('lists the three built-ins, lossless-preferred as default, before anything is stored', async () => {
    const list = await service.list();
    expect(list.map((p) => [p.id, p.builtIn, p.isDefault])).toEqual([
      ['lossless-preferred', true, true],
      ['balanced', true, false],
      ['space-saver', true, false],
    ]);
    expect(list[2]).toMatchObject({ name: 'Space saver', maxBitrate: 320, allowedFormats: ['opus', 'm4a', 'aac', 'ogg', 'mp3'] });
    expect(await service.defaultId()).toBe('lossless-preferred');
  });

  it('creates, reads back, updates and deletes a user profile; words are trimmed and deduplicated', async () => {
    const created = await service.create(mp3Only);
    expect(created).toMatchObject({ name: 'MP3 320 only', builtIn: false, isDefault: false, requiredWords: ['web'], minBitrate: 256, maxBitrate: null });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    // Stored in the settings table: a second service instance (another process) sees it.
    const other = new QualityProfilesService(new SettingsRepository(ds), bus);
    expect((await other.list()).map((p) => p.name)).toEqual(['Lossless preferred', 'Balanced', 'Space saver', 'MP3 320 only']);

    const updated = await service.update(created.id, { ...mp3Only, name: 'MP3 only', minBitrate: null, allowedFormats: ['mp3', 'opus'] });
    expect(updated).toMatchObject({ id: created.id, name: 'MP3 only', minBitrate: null, allowedFormats: ['mp3', 'opus'] });
    expect(await service.get(created.id)).toEqual(updated);

    await service.remove(created.id);
    expect(await service.exists(created.id)).toBe(false);
    await expect(service.get(created.id)).rejects.toMatchObject({ status: 404 });
    await expect(service.remove(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('rejects a taken name (built-ins included) and min above max with every reason', async () => {
    await service.create(mp3Only);
    await expect(service.create({ ...mp3Only, name: 'mp3 320 ONLY' })).rejects.toMatchObject({ status: 400 });
    await expect(service.create({ ...mp3Only, name: 'balanced' })).rejects.toMatchObject({ status: 400 });
    const err = await service.create({ ...mp3Only, name: 'Broken', minBitrate: 320, maxBitrate: 128, minSizeMb: 30, maxSizeMb: 20 }).catch((e: unknown) => e);
    expect((err as { getResponse(): unknown }).getResponse()).toMatchObject({
      errors: ['minBitrate must not exceed maxBitrate', 'minSizeMb must not exceed maxSizeMb'],
    });
    expect((await service.list()).filter((p) => !p.builtIn)).toHaveLength(1);
  });

  it('built-ins are read-only', async () => {
    await expect(service.update('balanced', mp3Only)).rejects.toMatchObject({ status: 409 });
    await expect(service.remove('balanced')).rejects.toMatchObject({ status: 409 });
  });

  it('one default: switching moves the mark; the default cannot be deleted (409 says how to get out)', async () => {
    const mine = await service.create(mp3Only);
    const events = firstValueFrom(bus.on('settings.updated').pipe(take(1), toArray(), timeout(5_000)));
    await new Promise((r) => setTimeout(r, 200)); // let the lazy subscriber attach
    expect(await service.setDefault(mine.id)).toMatchObject({ id: mine.id, isDefault: true });
    expect(await events).toEqual([{ type: 'settings.updated', payload: { section: 'quality-profiles' } }]);
    expect((await service.list()).filter((p) => p.isDefault).map((p) => p.id)).toEqual([mine.id]);

    const err = await service.remove(mine.id).catch((e: unknown) => e as { status: number; message: string });
    expect(err).toMatchObject({ status: 409 });
    expect((err as { message: string }).message).toContain('make another profile the default first');
    expect(await service.exists(mine.id)).toBe(true);

    await service.setDefault('balanced');
    await service.remove(mine.id);
    expect(await service.defaultId()).toBe('balanced');
    await expect(service.setDefault('nope')).rejects.toMatchObject({ status: 404 });
  });

  it('resolve: user profile → matcher profile; no id → the default; unknown id → the default', async () => {
    const mine = await service.create(mp3Only);
    const p = await service.resolve(mine.id);
    expect(p).toMatchObject({ id: mine.id, allowedFormats: ['mp3'], minBitrate: 256, maxSizeBytes: 20 * BYTES_PER_MB, requiredWords: ['web'], bannedUsers: ['leech'] });
    expect(p.rules.length).toBeGreaterThan(0);
    expect(await service.resolve(undefined)).toBe(LOSSLESS_PREFERRED);
    expect(await service.resolve('balanced')).toBe(BALANCED);
    await service.setDefault(mine.id);
    expect((await service.resolve(null)).id).toBe(mine.id);
    expect((await service.resolve('deleted-long-ago')).id).toBe(mine.id);
    await expect(service.assertKnown('deleted-long-ago')).rejects.toMatchObject({ status: 400 });
    await expect(service.assertKnown(mine.id)).resolves.toBeUndefined();
  });

  it('concurrent creates in one process all land (writes are serialised)', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => service.create({ ...mp3Only, name: `P${i}` })));
    expect((await service.list()).filter((p) => !p.builtIn)).toHaveLength(8);
  });
});
