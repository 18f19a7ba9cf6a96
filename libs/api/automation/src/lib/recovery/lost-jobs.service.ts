import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JOB_QUEUE, JobName, JobQueue, jobId } from '@soulspot/api/core';

/** How long a hand-over or an import may wait before a missing job counts as lost. */
export const LOST_AFTER_MS = 2 * 60_000;
const BATCH = 200;

export interface RecoveryReport {
  handOvers: number;
  imports: number;
}

/**
 * Redis may lose its queues (a restart without persistence, a flushed database) while PostgreSQL keeps the
 * state. Two hand-offs would then wait forever: a verified download with no import, and a queued import with
 * no job. This finds rows older than LOST_AFTER_MS whose job (ids are `${name}-${rowId}`) is not in Redis and
 * enqueues it again; a job that exists in any state is left alone, so nothing ever runs twice.
 */
@Injectable()
export class LostJobsService {
  private readonly logger = new Logger(LostJobsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async recover(now = new Date()): Promise<RecoveryReport> {
    const before = new Date(now.getTime() - LOST_AFTER_MS);
    const verified = (await this.db.query(
      `SELECT d.id FROM downloads d
        WHERE d.state = 'done' AND d.local_path IS NOT NULL AND d.finished_at < $1
          AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.download_id = d.id)
        ORDER BY d.finished_at LIMIT ${BATCH}`,
      [before],
    )) as { id: string }[];
    const queued = (await this.db.query(
      `SELECT id FROM imports WHERE status = 'queued' AND created_at < $1 ORDER BY created_at LIMIT ${BATCH}`,
      [before],
    )) as { id: string }[];
    let handOvers = 0;
    let imports = 0;
    for (const { id } of verified) {
      if (await this.jobExists(JobName.DownloadVerified, id)) continue;
      await this.jobs.enqueue({ name: JobName.DownloadVerified, data: { downloadId: id } });
      handOvers++;
    }
    for (const { id } of queued) {
      if (await this.jobExists(JobName.ImportFile, id)) continue;
      await this.jobs.enqueue({ name: JobName.ImportFile, data: { importId: id } });
      imports++;
    }
    if (handOvers || imports) this.logger.warn(`re-queued lost jobs: ${handOvers} download hand-over(s), ${imports} import(s)`);
    return { handOvers, imports };
  }

  private async jobExists(name: JobName, entityId: string): Promise<boolean> {
    return !!(await this.jobs.queue(JOB_QUEUE[name]).getJob(jobId(name, entityId)));
  }
}
