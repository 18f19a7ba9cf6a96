import { Injectable } from '@nestjs/common';
import { DOWNLOAD_STATES, type DownloadQueueStatus, type DownloadState } from '@soulspot/shared/contracts';
import { SlskdSettingsService } from '../settings/slskd-settings.service';
import { CircuitBreaker } from './circuit-breaker';
import { DownloadRepository } from './download.repository';
import { DownloadSettingsService } from './download-settings.service';

/** The queue at a glance: counts, today's results, speed, limits, pause and the slskd circuit. */
@Injectable()
export class DownloadStatusService {
  constructor(
    private readonly repo: DownloadRepository,
    private readonly settings: DownloadSettingsService,
    private readonly slskd: SlskdSettingsService,
    private readonly breaker: CircuitBreaker,
  ) {}

  async status(): Promise<DownloadQueueStatus> {
    const startOfDay = new Date();
    startOfDay.setUTCHours(0, 0, 0, 0);
    const [byState, today, settings, paused, slskd, circuit] = await Promise.all([
      this.repo.countsByState(),
      this.repo.finishedSince(startOfDay),
      this.settings.get(),
      this.settings.queuePaused(),
      this.slskd.get(),
      this.breaker.state(),
    ]);
    const counts = Object.fromEntries(DOWNLOAD_STATES.map((s) => [s, byState[s] ?? 0])) as Record<DownloadState, number>;
    return {
      paused,
      slskd: slskd.configured ? { circuit: circuit.circuit, retryAt: circuit.retryAt, lastError: circuit.lastError } : { circuit: 'unconfigured', retryAt: null, lastError: null },
      counts,
      today: { done: today.done, failed: today.failed },
      speed: Math.round(today.speed),
      limits: { maxActive: settings.maxActive, maxPerUser: settings.maxPerUser },
    };
  }
}
