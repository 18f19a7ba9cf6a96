import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { lstat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { CreateImportRequest, ImportRecord, ImportStatus, NamingPreviewResponse, Page } from '@soulspot/shared/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, EventBus, jobId, JobName, JobQueue, QueueName, REDIS } from '@soulspot/api/core';
import { PlaylistExportService, previewTemplate } from '@soulspot/api/library';
import { RedisMetadataCache, RedisRateGate, TieredMetadataCache } from '../clients/redis-metadata';
import { createMetadataClients, MetadataClients } from '../clients/metadata-clients.factory';
import { ImportPipeline, PipelineHooks } from './import-pipeline';
import { ImportRepository, toImportRecord } from './import.repository';
import { ImportRuntimeSettings, ImportSettingsService } from './import-settings.service';

@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);
  private readonly pipeline = new ImportPipeline();
  private clients: { key: string; clients: MetadataClients } | null = null;
  /**
   * MusicBrainz cache and 1 request/s gate shared by every api and worker process through Redis (keys under
   * the app's prefix); a small LRU in front keeps an album's repeated release reads in the process.
   */
  private readonly mbCache: TieredMetadataCache;
  private readonly mbGate: RedisRateGate;

  constructor(
    private readonly repo: ImportRepository,
    private readonly settings: ImportSettingsService,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    private readonly playlists: PlaylistExportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.mbCache = new TieredMetadataCache(new RedisMetadataCache(redis, { prefix: config.redisPrefix }));
    this.mbGate = new RedisRateGate(redis, { prefix: config.redisPrefix, name: 'musicbrainz', minIntervalMs: 1000 });
  }

  async create(request: CreateImportRequest): Promise<ImportRecord> {
    if (!isAbsolute(request.path)) throw new BadRequestException({ message: 'path must be absolute', errors: ['path must be an absolute path'] });
    if (request.downloadId) {
      // One import per download: a repeated hand-over (job retried after a crash) gets the first one back.
      const existing = await this.repo.findByDownloadId(request.downloadId);
      if (existing) return this.requeueIfWaiting(existing);
    }
    let entity;
    try {
      entity = await this.repo.create(request.path, request.hints ?? {}, { wantedTrackId: request.wantedTrackId, downloadId: request.downloadId });
    } catch (error) {
      const raced = request.downloadId && isUniqueViolation(error) ? await this.repo.findByDownloadId(request.downloadId) : null;
      if (!raced) throw error;
      return this.requeueIfWaiting(raced);
    }
    const record = toImportRecord(entity);
    await this.jobs.enqueue({ name: JobName.ImportFile, data: { importId: record.id } });
    await this.events.publish({ type: 'import.updated', payload: record });
    return record;
  }

  /** A queued import whose job may have been lost gets it again (the job id is the import id, so never twice). */
  private async requeueIfWaiting(entity: Parameters<ImportRepository['save']>[0]): Promise<ImportRecord> {
    if (entity.status === 'queued') await this.jobs.enqueue({ name: JobName.ImportFile, data: { importId: entity.id } });
    return toImportRecord(entity);
  }

  async list(page: number, pageSize: number, status?: ImportStatus): Promise<Page<ImportRecord>> {
    const { items, total } = await this.repo.page(page, pageSize, status);
    return { items: items.map(toImportRecord), total, page, pageSize };
  }

  async get(id: string): Promise<ImportRecord> {
    const entity = await this.repo.findById(id);
    if (!entity) throw new NotFoundException(`Import ${id} not found`);
    return toImportRecord(entity);
  }

  async retry(id: string): Promise<ImportRecord> {
    const entity = await this.repo.findById(id);
    if (!entity) throw new NotFoundException(`Import ${id} not found`);
    if (entity.status !== 'failed') throw new ConflictException(`Import ${id} is ${entity.status}; only failed imports can be retried`);
    entity.status = 'queued';
    entity.error = null;
    entity.finishedAt = null;
    // The source is still there (nothing moved yet): plan the destination again, the settings may have been fixed.
    if (await fileExists(entity.sourcePath)) {
      entity.targetPath = null;
      entity.expectedSha256 = null;
    }
    const record = toImportRecord(await this.repo.save(entity));
    // The job id is the import id and BullMQ keeps finished jobs: the earlier run's job must go, or the new
    // one is silently dropped as a duplicate and the import stays queued forever.
    const previous = await this.jobs.queue(QueueName.Import).getJob(jobId(JobName.ImportFile, id));
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove();
    await this.jobs.enqueue({ name: JobName.ImportFile, data: { importId: id } });
    await this.events.publish({ type: 'import.updated', payload: record });
    return record;
  }

  async namingPreview(template: string): Promise<NamingPreviewResponse> {
    const preview = previewTemplate(template);
    return { valid: preview.valid, errors: preview.errors.map((e) => ({ index: e.index, message: e.message })), path: preview.path ?? null };
  }

  /**
   * The worker's use case. Idempotent: a gone or finished import is left alone. Problems with the file
   * mark it failed (no retry); anything else is thrown so the job is retried, and the re-run continues
   * from what the row recorded.
   */
  async process(id: string, hooks?: PipelineHooks): Promise<ImportRecord | null> {
    const entity = await this.repo.findById(id);
    if (!entity || entity.status === 'done') return entity ? toImportRecord(entity) : null;
    const started = Date.now();
    entity.status = 'running';
    entity.attempts += 1;
    entity.startedAt = new Date();
    entity.error = null;
    await this.saveAndPublish(entity);
    const settings = await this.settings.runtime();
    const outcome = await this.pipeline.run(entity, {
      clients: this.clientsFor(settings),
      settings,
      hooks,
      save: async () => {
        await this.saveAndPublish(entity);
      },
    });
    if (outcome.status === 'done' && entity.wantedTrackId) {
      // Before the row says done: if this throws, the job is retried and the idempotent pipeline gets here again.
      await this.playlists.trackImported(entity.wantedTrackId, outcome.resultPath, settings.libraryPath);
    }
    entity.status = outcome.status;
    entity.error = outcome.status === 'failed' ? outcome.error : null;
    entity.finishedAt = new Date();
    const record = await this.saveAndPublish(entity);
    this.logger.log(`import ${id} ${outcome.status} in ${Date.now() - started} ms${outcome.status === 'failed' ? `: ${outcome.error}` : ''}`);
    return record;
  }

  /** After an attempt threw: failed for good on the last attempt, otherwise queued again for BullMQ's retry. */
  async recordAttemptError(id: string, error: unknown, willRetry: boolean): Promise<void> {
    const entity = await this.repo.findById(id);
    if (!entity || entity.status === 'done') return;
    const message = error instanceof Error ? error.message : String(error);
    entity.status = willRetry ? 'queued' : 'failed';
    entity.error = willRetry ? `attempt ${entity.attempts} failed, retrying: ${message}` : message;
    if (!willRetry) entity.finishedAt = new Date();
    await this.saveAndPublish(entity);
  }

  private async saveAndPublish(entity: Parameters<ImportRepository['save']>[0]): Promise<ImportRecord> {
    const record = toImportRecord(await this.repo.save(entity));
    await this.events.publish({ type: 'import.updated', payload: record });
    return record;
  }

  private clientsFor(settings: ImportRuntimeSettings): MetadataClients {
    const key = JSON.stringify([settings.providers, settings.contact, settings.lastfmApiKey]);
    if (this.clients?.key !== key) {
      this.clients = {
        key,
        clients: createMetadataClients({
          appVersion: this.config.version,
          contact: settings.contact,
          musicBrainzUrl: settings.providers.musicBrainz,
          coverArtArchiveUrl: settings.providers.coverArtArchive,
          lrclibUrl: settings.providers.lrclib,
          lastfmUrl: settings.providers.lastfm,
          deezerUrl: settings.providers.deezer,
          lastfmApiKey: settings.lastfmApiKey,
          cache: this.mbCache,
          musicBrainzGate: this.mbGate,
        }),
      };
    }
    return this.clients.clients;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function fileExists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}
