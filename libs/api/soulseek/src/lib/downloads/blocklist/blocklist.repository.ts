import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BlocklistEntry, BlocklistKind } from '@soulspot/shared/contracts';
import { BlocklistEntryEntity } from '../../entities/blocklist-entry.entity';

export interface NewBlocklistEntry {
  kind: BlocklistKind;
  username: string | null;
  filename: string | null;
  reason: string | null;
  source: 'auto' | 'manual';
  expiresAt: Date | null;
}

/** The last segment of a remote path (`@@x\Music\A\01 - Song.flac` → `01 - Song.flac`). */
export function bareFileName(filename: string): string {
  const segments = filename.split(/[\\/]+/).filter((s) => s !== '');
  return segments[segments.length - 1] ?? filename;
}

/**
 * One entry per target: a `file` entry is any peer's file with that bare name (case-insensitive), a
 * `user_file` entry one peer's exact remote path, a `user` entry a peer (Soulseek names are case-sensitive).
 */
export function blocklistKey(kind: BlocklistKind, username: string | null, filename: string | null): string {
  if (kind === 'file') return `file\n\n${bareFileName(filename ?? '').toLowerCase()}`;
  if (kind === 'user') return `user\n${username ?? ''}\n`;
  return `user_file\n${username ?? ''}\n${filename ?? ''}`;
}

export function toBlocklistEntry(e: BlocklistEntryEntity): BlocklistEntry {
  return {
    id: e.id,
    kind: e.kind,
    username: e.username,
    filename: e.filename,
    reason: e.reason,
    source: e.source,
    expiresAt: e.expiresAt ? e.expiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
  };
}

@Injectable()
export class BlocklistRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(BlocklistEntryEntity);
  }

  /** Entries still in force, newest first. */
  async page(page: number, pageSize: number, now = new Date()): Promise<{ items: BlocklistEntryEntity[]; total: number }> {
    const [items, total] = await this.repo
      .createQueryBuilder('b')
      .where('(b.expires_at IS NULL OR b.expires_at > :now)', { now })
      .orderBy('b.created_at', 'DESC')
      .addOrderBy('b.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async active(now = new Date()): Promise<BlocklistEntryEntity[]> {
    return this.repo.createQueryBuilder('b').where('(b.expires_at IS NULL OR b.expires_at > :now)', { now }).getMany();
  }

  /**
   * Adds an entry or refreshes the one for the same target (reason, source, expiry, created_at) in one
   * statement. An automatic block never weakens a manual one (a permanent manual block stays permanent).
   */
  async upsert(entry: NewBlocklistEntry): Promise<BlocklistEntryEntity> {
    const key = blocklistKey(entry.kind, entry.username, entry.filename);
    const rows = (await this.db.query(
      `INSERT INTO download_blocklist (entry_key, kind, username, filename, reason, source, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (entry_key) DO UPDATE
         SET username = EXCLUDED.username, filename = EXCLUDED.filename, reason = EXCLUDED.reason, source = EXCLUDED.source,
             expires_at = EXCLUDED.expires_at, created_at = now()
         WHERE NOT (download_blocklist.source = 'manual' AND EXCLUDED.source = 'auto'
                    AND (download_blocklist.expires_at IS NULL OR download_blocklist.expires_at > now()))
       RETURNING id`,
      [key, entry.kind, entry.username, entry.filename, entry.reason, entry.source, entry.expiresAt],
    )) as { id: string }[];
    const found = rows.length > 0 ? await this.repo.findOneBy({ id: rows[0].id }) : await this.repo.findOneBy({ entryKey: key });
    if (!found) throw new Error(`blocklist entry ${key} vanished while being written`);
    return found;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.repo.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
