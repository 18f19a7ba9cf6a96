import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ImportHints, ImportRecord, ImportStatus } from '@soulspot/shared/contracts';
import { ImportEntity } from './entities/import.entity';

export function toImportRecord(e: ImportEntity): ImportRecord {
  return {
    id: e.id,
    status: e.status,
    sourcePath: e.sourcePath,
    hints: e.hints,
    wantedTrackId: e.wantedTrackId,
    downloadId: e.downloadId,
    steps: e.steps,
    resultPath: e.resultPath,
    error: e.error,
    attempts: e.attempts,
    createdAt: e.createdAt.toISOString(),
    startedAt: e.startedAt?.toISOString() ?? null,
    finishedAt: e.finishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ImportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(ImportEntity);
  }

  create(sourcePath: string, hints: ImportHints, links: { wantedTrackId?: string; downloadId?: string } = {}): Promise<ImportEntity> {
    return this.repo.save(
      this.repo.create({
        status: 'queued',
        sourcePath,
        hints,
        wantedTrackId: links.wantedTrackId ?? null,
        downloadId: links.downloadId ?? null,
        resolved: null,
        steps: [],
        targetPath: null,
        expectedSha256: null,
        resultPath: null,
        error: null,
        attempts: 0,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
      }),
    );
  }

  findById(id: string): Promise<ImportEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByDownloadId(downloadId: string): Promise<ImportEntity | null> {
    return this.repo.findOneBy({ downloadId });
  }

  async page(page: number, pageSize: number, status?: ImportStatus): Promise<{ items: ImportEntity[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({
      where: status ? { status } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  save(entity: ImportEntity): Promise<ImportEntity> {
    return this.repo.save(entity);
  }
}
