import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Page, SoulseekCandidate, SoulseekSearch, SoulseekSearchStatus } from '@soulspot/shared/contracts';
import { SoulseekSearchCandidateEntity } from './entities/soulseek-search-candidate.entity';
import { SoulseekSearchEntity } from './entities/soulseek-search.entity';

export type NewCandidate = Omit<SoulseekSearchCandidateEntity, 'id' | 'searchId' | 'search'>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSoulseekSearch(e: SoulseekSearchEntity): SoulseekSearch {
  return {
    id: e.id,
    status: e.status,
    artist: e.artist,
    title: e.title,
    album: e.album,
    durationMs: e.durationMs,
    profile: e.profile,
    steps: e.steps,
    acceptedCount: e.acceptedCount,
    rejectedCount: e.rejectedCount,
    error: e.error,
    createdAt: e.createdAt.toISOString(),
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
  };
}

export function toSoulseekCandidate(e: SoulseekSearchCandidateEntity): SoulseekCandidate {
  return {
    id: e.id,
    accepted: e.accepted,
    rank: e.accepted ? e.position : null,
    username: e.username,
    filename: e.filename,
    size: e.size,
    lengthSeconds: e.lengthSeconds,
    bitRate: e.bitRate,
    bitDepth: e.bitDepth,
    sampleRate: e.sampleRate,
    uploadSpeed: e.uploadSpeed,
    queueLength: e.queueLength,
    hasFreeUploadSlot: e.hasFreeUploadSlot,
    identity: e.identity,
    quality: e.quality,
    availability: e.availability,
    band: e.band,
    qualityTier: e.qualityTier,
    availClass: e.availClass,
    etaSeconds: e.etaSeconds,
    reasons: e.reasons,
    rejectReason: e.rejectReason,
    rejectDetail: e.rejectDetail,
  };
}

@Injectable()
export class SoulseekSearchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  create(fields: Pick<SoulseekSearchEntity, 'artist' | 'title' | 'album' | 'durationMs' | 'profile'>): Promise<SoulseekSearchEntity> {
    const repo = this.db.getRepository(SoulseekSearchEntity);
    return repo.save(repo.create({ ...fields, status: 'queued', steps: [], error: null, startedAt: null, finishedAt: null }));
  }

  findById(id: string): Promise<SoulseekSearchEntity | null> {
    return this.db.getRepository(SoulseekSearchEntity).findOneBy({ id });
  }

  save(e: SoulseekSearchEntity): Promise<SoulseekSearchEntity> {
    return this.db.getRepository(SoulseekSearchEntity).save(e);
  }

  async page(page: number, pageSize: number): Promise<Page<SoulseekSearchEntity>> {
    const [items, total] = await this.db
      .getRepository(SoulseekSearchEntity)
      .findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total, page, pageSize };
  }

  countByStatus(statuses: SoulseekSearchStatus[]): Promise<number> {
    return this.db.getRepository(SoulseekSearchEntity).countBy({ status: In(statuses) });
  }

  async candidates(searchId: string, accepted: boolean, page: number, pageSize: number): Promise<Page<SoulseekSearchCandidateEntity>> {
    const [items, total] = await this.db
      .getRepository(SoulseekSearchCandidateEntity)
      .findAndCount({ where: { searchId, accepted }, order: { position: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total, page, pageSize };
  }

  /** Replaces the candidates and finishes the search in one transaction (a retried job rewrites, never duplicates). */
  async complete(search: SoulseekSearchEntity, candidates: NewCandidate[]): Promise<SoulseekSearchEntity> {
    return this.db.transaction(async (tx) => {
      await tx.delete(SoulseekSearchCandidateEntity, { searchId: search.id });
      const rows = candidates.map((c) => ({ ...c, searchId: search.id }));
      // Bulk insert in chunks: a popular query yields thousands of files, Postgres allows 65k parameters.
      for (let i = 0; i < rows.length; i += 1000) {
        await tx.insert(SoulseekSearchCandidateEntity, rows.slice(i, i + 1000));
      }
      return tx.save(search);
    });
  }
}
