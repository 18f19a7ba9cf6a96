import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import type { SelfCheckRun } from '@soulspot/shared/contracts';
import { SelfCheckRunEntity } from './entities/self-check-run.entity';

export function toSelfCheckRun(e: SelfCheckRunEntity): SelfCheckRun {
  return {
    id: e.id,
    status: e.status,
    requestedAt: e.requestedAt.toISOString(),
    startedAt: e.startedAt?.toISOString() ?? null,
    finishedAt: e.finishedAt?.toISOString() ?? null,
    steps: e.steps,
  };
}

@Injectable()
export class SelfCheckRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(SelfCheckRunEntity);
  }

  create(): Promise<SelfCheckRunEntity> {
    return this.repo.save(this.repo.create({ status: 'queued', requestedAt: new Date(), startedAt: null, finishedAt: null, steps: [] }));
  }

  findById(id: string): Promise<SelfCheckRunEntity | null> {
    return this.repo.findOneBy({ id });
  }

  latest(limit: number): Promise<SelfCheckRunEntity[]> {
    return this.repo.find({ order: { requestedAt: 'DESC' }, take: limit });
  }

  async save(run: SelfCheckRunEntity): Promise<SelfCheckRunEntity> {
    return this.repo.save(run);
  }

  async deleteOlderThan(date: Date): Promise<number> {
    return (await this.repo.delete({ requestedAt: LessThan(date) })).affected ?? 0;
  }
}
