import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { DownloadEngine, type TickReport } from '../downloads/download-engine';

/** One engine pass. Ticks are serialised by the engine's advisory lock; a concurrent one returns `locked`. */
@Injectable()
@JobProcessor(JobName.DownloadsTick)
export class DownloadsTickProcessor implements JobHandler<JobName.DownloadsTick> {
  private readonly logger = new Logger(DownloadsTickProcessor.name);

  constructor(private readonly engine: DownloadEngine) {}

  async handle(data: JobOf<JobName.DownloadsTick>): Promise<TickReport> {
    const report = await this.engine.tick();
    if (report.started || report.searches || report.durationMs > 1000) {
      this.logger.log(`tick (${data.reason ?? 'schedule'}): ${report.outcome}, ${report.tracked} tracked, ${report.started} started, ${report.searches} searches in ${report.durationMs} ms`);
    }
    return report;
  }
}
