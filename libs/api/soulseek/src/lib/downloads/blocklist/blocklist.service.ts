import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { BlocklistEntry, BlocklistKind, CreateBlocklistEntryRequest, Page } from '@soulspot/shared/contracts';
import { SettingsRepository } from '@soulspot/api/platform';
import { bareFileName, BlocklistRepository, toBlocklistEntry } from './blocklist.repository';

/** Days an automatic block lasts when the `downloads` settings do not say (DownloadSettings.autoBlockDays). */
export const DEFAULT_AUTO_BLOCK_DAYS = 30;
const DAY_MS = 86_400_000;

/** The blocklist as it stood at one moment: the engine takes one per tick and asks it per candidate. */
export class BlocklistSnapshot {
  private readonly users = new Map<string, string>();
  private readonly files = new Map<string, string>();
  private readonly pairs = new Map<string, string>();

  constructor(entries: { kind: BlocklistKind; username: string | null; filename: string | null; reason: string | null }[]) {
    for (const e of entries) {
      if (e.kind === 'user' && e.username) this.users.set(e.username, e.reason ?? 'blocklisted user');
      else if (e.kind === 'file' && e.filename) this.files.set(bareFileName(e.filename).toLowerCase(), e.reason ?? 'blocklisted file');
      else if (e.kind === 'user_file' && e.username && e.filename) this.pairs.set(`${e.username}\n${e.filename}`, e.reason ?? 'blocklisted file from this user');
    }
  }

  get size(): number {
    return this.users.size + this.files.size + this.pairs.size;
  }

  /** The reason this peer's file must not be downloaded, or null. */
  blocks(username: string, filename: string): string | null {
    return (
      this.users.get(username) ??
      this.pairs.get(`${username}\n${filename}`) ??
      this.files.get(bareFileName(filename).toLowerCase()) ??
      null
    );
  }
}

@Injectable()
export class BlocklistService {
  private readonly logger = new Logger(BlocklistService.name);

  constructor(
    private readonly repo: BlocklistRepository,
    private readonly settings: SettingsRepository,
  ) {}

  async list(page: number, pageSize: number): Promise<Page<BlocklistEntry>> {
    const { items, total } = await this.repo.page(page, pageSize);
    return { items: items.map(toBlocklistEntry), total, page, pageSize };
  }

  /** A manual entry; a repeat for the same target refreshes it. */
  async create(req: CreateBlocklistEntryRequest): Promise<BlocklistEntry> {
    const target = targetOf(req.kind, req.username, req.filename);
    const expiresAt = req.expiresInDays ? new Date(Date.now() + req.expiresInDays * DAY_MS) : null;
    const saved = await this.repo.upsert({ ...target, kind: req.kind, reason: req.reason?.trim() || null, source: 'manual', expiresAt });
    this.logger.log(`blocklisted ${req.kind} ${describe(saved.username, saved.filename)} (manual${expiresAt ? `, until ${expiresAt.toISOString()}` : ''})`);
    return toBlocklistEntry(saved);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.remove(id))) throw new NotFoundException(`Blocklist entry ${id} not found`);
  }

  /** Active (unexpired) entries, loaded once. */
  async snapshot(): Promise<BlocklistSnapshot> {
    return new BlocklistSnapshot(await this.repo.active());
  }

  /** After repeated failures from one peer. Expires after `autoBlockDays` (settings; 0 = never). */
  autoBlockUser(username: string, reason: string, expiresInDays?: number): Promise<BlocklistEntry> {
    return this.autoBlock('user', username, null, reason, expiresInDays);
  }

  /** After a file from this peer failed verification: never fetch that file from that peer again (for a while). */
  autoBlockUserFile(username: string, filename: string, reason: string, expiresInDays?: number): Promise<BlocklistEntry> {
    return this.autoBlock('user_file', username, filename, reason, expiresInDays);
  }

  private async autoBlock(kind: BlocklistKind, username: string, filename: string | null, reason: string, expiresInDays?: number): Promise<BlocklistEntry> {
    const days = expiresInDays ?? (await this.autoBlockDays());
    const expiresAt = days > 0 ? new Date(Date.now() + days * DAY_MS) : null;
    const saved = await this.repo.upsert({ kind, username, filename, reason, source: 'auto', expiresAt });
    this.logger.log(`blocklisted ${kind} ${describe(username, filename)} automatically: ${reason}`);
    return toBlocklistEntry(saved);
  }

  private async autoBlockDays(): Promise<number> {
    const stored = (await this.settings.get('downloads')) as { autoBlockDays?: unknown } | null;
    const days = stored?.autoBlockDays;
    return typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days : DEFAULT_AUTO_BLOCK_DAYS;
  }
}

function targetOf(kind: BlocklistKind, username: string | undefined, filename: string | undefined): { username: string | null; filename: string | null } {
  const user = username?.trim() || null;
  const file = filename?.trim() || null;
  if (kind === 'user') return { username: user, filename: null };
  // A `file` entry holds the bare name: it matches that file on any peer, whatever folder it sits in.
  if (kind === 'file') return { username: null, filename: file === null ? null : bareFileName(file) };
  return { username: user, filename: file };
}

function describe(username: string | null, filename: string | null): string {
  return [username, filename].filter((s) => s !== null).map((s) => JSON.stringify(s)).join(' ');
}
