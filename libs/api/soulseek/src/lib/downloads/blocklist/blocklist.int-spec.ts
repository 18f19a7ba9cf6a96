import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@soulspot/api/database';
import { PLATFORM_ENTITIES, SettingsRepository } from '@soulspot/api/platform';
import { createTestDatabase } from '@soulspot/api/testing';
import { BlocklistEntryEntity } from '../../entities/blocklist-entry.entity';
import { BlocklistRepository } from './blocklist.repository';
import { BlocklistService, DEFAULT_AUTO_BLOCK_DAYS } from './blocklist.service';

/** The blocklist against a real PostgreSQL clone: unique targets, refresh, expiry, auto-block days. */
jest.setTimeout(30_000);

const DAY = 86_400_000;

describe('BlocklistService (real PostgreSQL)', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let repo: BlocklistRepository;
  let settings: SettingsRepository;
  let service: BlocklistService;

  beforeAll(async () => {
    const db = await createTestDatabase('blocklist');
    drop = db.drop;
    ds = new DataSource(buildDataSourceOptions({ url: db.url, entities: [...PLATFORM_ENTITIES, BlocklistEntryEntity] }));
    await ds.initialize();
    repo = new BlocklistRepository(ds);
    settings = new SettingsRepository(ds);
    service = new BlocklistService(repo, settings);
  });
  beforeEach(async () => {
    await ds.query('DELETE FROM download_blocklist');
    await ds.query("DELETE FROM settings WHERE section = 'downloads'");
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('answers per candidate: a user on any file, a file name on any peer (case-insensitive), a pair exactly', async () => {
    await service.create({ kind: 'user', username: 'Leech', reason: 'never uploads' });
    await service.create({ kind: 'file', filename: '@@share\\Music\\Fake Album\\01 - Upscaled.FLAC', reason: 'upscaled lossy' });
    await service.create({ kind: 'user_file', username: 'alice', filename: '@@a\\Music\\Song.mp3' });
    const snap = await service.snapshot();
    expect(snap.size).toBe(3);
    expect(snap.blocks('Leech', '@@x\\anything.flac')).toBe('never uploads');
    // Soulseek names are case-sensitive: another peer.
    expect(snap.blocks('leech', '@@x\\anything.flac')).toBeNull();
    expect(snap.blocks('bob', 'C:\\Other Folder\\01 - upscaled.flac')).toBe('upscaled lossy');
    expect(snap.blocks('alice', '@@a\\Music\\Song.mp3')).toBe('blocklisted file from this user');
    expect(snap.blocks('alice', '@@a\\Music\\Other Song.mp3')).toBeNull();
    expect(snap.blocks('bob', '@@a\\Music\\Song.mp3')).toBeNull();
  });

  it('a repeat refreshes the one entry (new reason and expiry) instead of adding another', async () => {
    const first = await service.create({ kind: 'user', username: 'spammer', reason: 'first', expiresInDays: 1 });
    const second = await service.create({ kind: 'user', username: 'spammer', reason: 'second' });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ reason: 'second', expiresAt: null, source: 'manual' });
    expect(new Date(second.createdAt).getTime()).toBeGreaterThanOrEqual(new Date(first.createdAt).getTime());
    // A file entry keys on the bare name, case-insensitively.
    const f1 = await service.create({ kind: 'file', filename: 'A\\B\\Song.flac' });
    const f2 = await service.create({ kind: 'file', filename: 'song.FLAC' });
    expect(f2.id).toBe(f1.id);
    expect(f2.filename).toBe('song.FLAC');
    expect((await service.list(1, 50)).total).toBe(2);
  });

  it('expired entries stop blocking and leave the list', async () => {
    const entry = await service.create({ kind: 'user', username: 'brief', expiresInDays: 1 });
    expect((await service.snapshot()).blocks('brief', 'x.mp3')).not.toBeNull();
    await ds.query(`UPDATE download_blocklist SET expires_at = now() - interval '1 second' WHERE id = $1`, [entry.id]);
    expect((await service.snapshot()).blocks('brief', 'x.mp3')).toBeNull();
    expect((await service.list(1, 50)).items.map((e) => e.id)).not.toContain(entry.id);
    // Blocking again revives the same row.
    const again = await service.autoBlockUser('brief', 'failed again');
    expect(again.id).toBe(entry.id);
    expect((await service.snapshot()).blocks('brief', 'x.mp3')).toBe('failed again');
  });

  it('automatic blocks expire after autoBlockDays from the downloads settings (default 30, 0 = never)', async () => {
    const t0 = Date.now();
    const byDefault = await service.autoBlockUser('flaky', '5 failed attempts in a row');
    expect(byDefault.source).toBe('auto');
    const days = (new Date(byDefault.expiresAt as string).getTime() - t0) / DAY;
    expect(days).toBeGreaterThan(DEFAULT_AUTO_BLOCK_DAYS - 0.01);
    expect(days).toBeLessThan(DEFAULT_AUTO_BLOCK_DAYS + 0.01);

    await settings.put('downloads', { autoBlockDays: 7 });
    const pair = await service.autoBlockUserFile('alice', '@@a\\Song.flac', 'verification failed: truncated');
    expect(Math.round((new Date(pair.expiresAt as string).getTime() - Date.now()) / DAY)).toBe(7);

    await settings.put('downloads', { autoBlockDays: 0 });
    expect((await service.autoBlockUser('forever', 'bad')).expiresAt).toBeNull();
    // An explicit number of days wins.
    expect(Math.round((new Date((await service.autoBlockUser('custom', 'bad', 2)).expiresAt as string).getTime() - Date.now()) / DAY)).toBe(2);
  });

  it('an automatic block never weakens a manual one', async () => {
    const manual = await service.create({ kind: 'user', username: 'known-bad', reason: 'fakes everything' });
    const auto = await service.autoBlockUser('known-bad', '5 failures');
    expect(auto).toMatchObject({ id: manual.id, source: 'manual', reason: 'fakes everything', expiresAt: null });
  });

  it('removes an entry by id and says when there is none', async () => {
    const entry = await service.create({ kind: 'user', username: 'gone' });
    await service.remove(entry.id);
    expect((await service.snapshot()).size).toBe(0);
    await expect(service.remove(entry.id)).rejects.toThrow(/not found/);
  });

  it('pages newest first', async () => {
    for (let i = 0; i < 5; i++) await service.create({ kind: 'user', username: `peer${i}` });
    const p1 = await service.list(1, 2);
    const p3 = await service.list(3, 2);
    expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p1.items.map((e) => e.username)).toEqual(['peer4', 'peer3']);
    expect(p3.items.map((e) => e.username)).toEqual(['peer0']);
  });
});
