import { Inject, Injectable, Logger, NotFoundException, UnprocessableEntityException, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type {
  CreateSoulseekSearchRequest,
  Page,
  SlskdTestConnectionResponse,
  SoulseekCandidate,
  SoulseekSearch,
  SoulseekSearchBudget,
  SoulseekSearchDetail,
  SoulseekSearchStep,
} from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, EventBus, JobName, JobQueue, REDIS } from '@soulspot/api/core';
import { isSlskdError } from './clients/slskd.errors';
import type { SlskdSearchResult } from './clients/slskd.types';
import { SlskdClient } from './clients/slskd.client';
import type { QualityProfile } from './matcher/profiles';
import { buildQueryPlan, type QueryStep } from './matcher/query-plan';
import { matchTrack } from './matcher/rank';
import type { CandidateResult, SlskdSearchResponse, WantedTrack } from './matcher/types';
import { QualityProfilesService } from './profiles/quality-profiles.service';
import { SearchGate } from './search/search-gate';
import { SlskdSettingsService } from './settings/slskd-settings.service';
import { NewCandidate, SoulseekSearchRepository, toSoulseekCandidate, toSoulseekSearch } from './soulseek-search.repository';
import { SoulseekSearchEntity } from './entities/soulseek-search.entity';

/** MATCHING.md "Search parameters": rank by queue rather than filter it away (idle timeout from settings). */
const SEARCH_PARAMS = { filterResponses: true, minimumResponseFileCount: 1, minimumPeerUploadSpeed: 0, maximumPeerQueueLength: 200 };
/** How many queries an average wanted track needs (MATCHING.md budget estimate). */
const QUERIES_PER_SEARCH = 1.5;
const FIRST_PAGE = 100;

@Injectable()
export class SoulseekSearchService {
  private readonly logger = new Logger(SoulseekSearchService.name);
  readonly gate: SearchGate;

  constructor(
    private readonly repo: SoulseekSearchRepository,
    private readonly settings: SlskdSettingsService,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    private readonly profiles: QualityProfilesService,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.gate = new SearchGate(redis, config.redisPrefix, () => this.settings.budget());
  }

  // ------------------------------------------------------------------ connection

  async testConnection(): Promise<SlskdTestConnectionResponse> {
    const client = await this.settings.getClient();
    try {
      const info = await client.testConnection();
      const options = await client.getOptions();
      if (options.downloadsDir) await this.settings.rememberRemoteDownloadsDir(options.downloadsDir);
      return {
        ok: true,
        version: info.version,
        loggedIn: info.loggedIn,
        username: info.username ?? null,
        state: info.state,
        downloadsDir: options.downloadsDir ?? null,
        message: info.loggedIn ? `Connected to slskd ${info.version}, logged in to Soulseek` : `Connected to slskd ${info.version}, but it is not logged in to Soulseek (${info.state})`,
      };
    } catch (e) {
      if (isSlskdError(e, 'unauthorized') || isSlskdError(e, 'forbidden')) {
        throw new UnprocessableEntityException('slskd rejected the API key (check web.authentication.api_keys in slskd.yml)');
      }
      if (isSlskdError(e, 'unreachable') || isSlskdError(e, 'timeout')) {
        throw new ServiceUnavailableException(`slskd is unreachable at ${(await this.settings.get()).url} (${e.message})`);
      }
      if (isSlskdError(e)) throw new ServiceUnavailableException(`slskd did not answer properly: ${e.message}`);
      throw e;
    }
  }

  // ------------------------------------------------------------------ searches

  /**
   * Queues a search. A profile id that names no profile is a 400 when a person chose it
   * (`rejectUnknownProfile`, the HTTP API); queued work (the download engine) whose profile was deleted
   * in the meantime searches with the default instead of failing.
   */
  async create(req: CreateSoulseekSearchRequest, opts: { rejectUnknownProfile?: boolean } = {}): Promise<SoulseekSearch> {
    await this.settings.getClient(); // fail fast with a clear 503 when slskd is not configured
    let profile = req.profile;
    if (profile !== undefined && !(await this.profiles.exists(profile))) {
      if (opts.rejectUnknownProfile) await this.profiles.assertKnown(profile);
      this.logger.warn(`quality profile "${profile}" no longer exists; searching "${req.artist} - ${req.title}" with the default`);
      profile = undefined;
    }
    profile ??= await this.profiles.defaultId();
    const row = await this.repo.create({
      artist: req.artist.trim(),
      title: req.title.trim(),
      album: req.album?.trim() || null,
      durationMs: req.durationMs ?? null,
      profile,
    });
    await this.jobs.enqueue({ name: JobName.SoulseekSearch, data: { searchId: row.id } });
    return this.publish(row);
  }

  async list(page: number, pageSize: number): Promise<Page<SoulseekSearch>> {
    const p = await this.repo.page(page, pageSize);
    return { ...p, items: p.items.map(toSoulseekSearch) };
  }

  async detail(id: string): Promise<SoulseekSearchDetail> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundException(`search ${id} not found`);
    return { ...toSoulseekSearch(row), accepted: await this.candidates(id, true, 1, FIRST_PAGE), rejected: await this.candidates(id, false, 1, FIRST_PAGE) };
  }

  async candidates(id: string, accepted: boolean, page: number, pageSize: number): Promise<Page<SoulseekCandidate>> {
    const p = await this.repo.candidates(id, accepted, page, pageSize);
    return { ...p, items: p.items.map(toSoulseekCandidate) };
  }

  async budget(): Promise<SoulseekSearchBudget> {
    const queued = await this.repo.countByStatus(['queued', 'searching']);
    const snap = await this.gate.snapshot(Math.ceil(queued * QUERIES_PER_SEARCH));
    const now = Date.now();
    return {
      capacity: snap.config.capacity,
      windowSeconds: snap.config.windowMs / 1000,
      minGapMs: snap.config.minGapMs,
      available: snap.available,
      nextSlotAt: new Date(snap.nextSlotAt).toISOString(),
      queuedSearches: queued,
      etaSeconds: Math.max(0, Math.ceil((snap.backlogDoneAt - now) / 1000)),
      blockedUntil: snap.blockedUntil ? new Date(snap.blockedUntil).toISOString() : null,
    };
  }

  /**
   * Runs the query plan through the gate, ranks every file and stores the candidates. Idempotent: a
   * finished search is left alone; a re-run (after a gate wait or a retry) finds earlier steps in the
   * gate's cache. Throws `SearchGateWait` when it has to wait and `SlskdError` when slskd fails.
   */
  async run(searchId: string): Promise<SoulseekSearch | null> {
    const row = await this.repo.findById(searchId);
    if (!row || row.status === 'done' || row.status === 'failed') return row ? toSoulseekSearch(row) : null;
    const t0 = Date.now();
    const client = await this.settings.getClient();
    const { searchTimeoutMs } = await this.settings.get();
    if (row.status !== 'searching') {
      row.status = 'searching';
      row.startedAt ??= new Date();
      row.error = null;
      await this.publish(await this.repo.save(row));
    }

    const want = this.wantOf(row);
    const profile = await this.profiles.resolve(row.profile);
    const plan = buildQueryPlan(want);
    const responses = new Map<string, { step: QueryStep; response: SlskdSearchResponse }>();
    const steps: SoulseekSearchStep[] = [];
    let q1Empty = false;
    for (const step of plan) {
      if (step.when === 'previous-empty' && !q1Empty) continue;
      if (step.id !== 'Q1' && this.satisfied(this.wantOf(row, [...responses.values()].map((x) => x.response)), responses, profile)) break;
      const s0 = Date.now();
      const { results, cached } = await this.gate.search(step.query, `${row.id}-${step.id}`, {
        post: () => this.post(client, step, searchTimeoutMs),
        collect: (id) => this.collect(client, id),
      });
      if (step.id === 'Q1') q1Empty = results.length === 0;
      for (const r of results) {
        const key = r.username;
        const seen = responses.get(key);
        // A peer answering two queries: merge its files, first query wins for duplicates.
        const files = seen ? [...seen.response.files, ...r.files.filter((f) => !seen.response.files.some((g) => g.filename === f.filename))] : r.files;
        responses.set(key, { step: seen?.step ?? step, response: { ...r, files } });
      }
      const stepMatch = matchTrack(this.wantOf(row, [...responses.values()].map((x) => x.response)), results, { profile });
      const earlier = row.steps.find((x) => x.id === step.id && x.query === step.query);
      steps.push(
        earlier && !earlier.cached
          ? earlier
          : { id: step.id, query: step.query, cached, responses: results.length, files: results.reduce((n, r) => n + r.files.length, 0), accepted: stepMatch.ranked.length, durationMs: Date.now() - s0 },
      );
      row.steps = steps;
      await this.publish(await this.repo.save(row));
    }

    row.status = 'ranking';
    await this.publish(await this.repo.save(row));
    const all = [...responses.values()];
    const result = matchTrack(this.wantOf(row, all.map((x) => x.response)), all.map((x) => x.response), { profile });
    const stepOf = new Map(all.map((x) => [x.response.username, x.step]));
    const accepted = result.ranked.filter((c) => !(stepOf.get(c.username)?.requirements.durationKnown && !c.file.length));
    const demoted = result.ranked.filter((c) => !accepted.includes(c));
    const rejected: CandidateResult[] = [
      ...demoted.map((c): CandidateResult => ({ ...c, verdict: { accept: false, reason: 'unknown_duration', detail: 'title-only query needs a known length' } })),
      ...result.rejected,
    ];
    const peers = new Map(all.map((x) => [x.response.username, x.response]));
    const rows: NewCandidate[] = [
      ...accepted.map((c, i) => this.candidateRow(c, i + 1, peers.get(c.username))),
      ...rejected.map((c, i) => this.candidateRow(c, i + 1, peers.get(c.username))),
    ];
    row.status = 'done';
    row.acceptedCount = accepted.length;
    row.rejectedCount = rejected.length;
    row.finishedAt = new Date();
    row.error = null;
    const saved = await this.repo.complete(row, rows);
    this.logger.log(`search ${row.id} "${row.artist} - ${row.title}": ${steps.length} queries, ${accepted.length} accepted, ${rejected.length} rejected in ${Date.now() - t0} ms`);
    return this.publish(saved);
  }

  /** Records a failure the job will retry (`final` false) or has given up on. */
  async markError(searchId: string, message: string, final: boolean): Promise<void> {
    const row = await this.repo.findById(searchId);
    if (!row || row.status === 'done') return;
    row.error = message;
    row.status = final ? 'failed' : 'queued';
    if (final) row.finishedAt = new Date();
    await this.publish(await this.repo.save(row));
  }

  private async post(client: SlskdClient, step: QueryStep, searchTimeoutMs: number): Promise<string> {
    const search = await client.startSearch(step.query, { ...SEARCH_PARAMS, searchTimeoutMs, responseLimit: step.responseLimit });
    return search.id;
  }

  private async collect(client: SlskdClient, slskdSearchId: string): Promise<SlskdSearchResult[]> {
    try {
      await client.waitForSearch(slskdSearchId, { pollIntervalMs: 500, timeoutMs: 120_000 }).catch(async (e: unknown) => {
        if (!isSlskdError(e, 'timeout')) throw e;
        // A search that keeps getting responses is stopped; what arrived stays readable.
        await client.cancelSearch(slskdSearchId);
        await client.waitForSearch(slskdSearchId, { pollIntervalMs: 250, timeoutMs: 10_000 });
      });
      return await client.getSearchResponses(slskdSearchId);
    } finally {
      await client.deleteSearch(slskdSearchId).catch((e: unknown) => this.logger.warn(`could not delete slskd search ${slskdSearchId}: ${(e as Error).message}`));
    }
  }

  /** Stop early (MATCHING.md): one strong candidate, or two acceptable ones. */
  private satisfied(want: WantedTrack, responses: Map<string, { response: SlskdSearchResponse }>, profile: QualityProfile): boolean {
    const ranked = matchTrack(want, [...responses.values()].map((x) => x.response), { profile }).ranked;
    return ranked.some((c) => c.verdict.band === 1) || ranked.length >= 2;
  }

  /**
   * The track as the matcher needs it. Without a known duration (a hand-typed search) the median
   * length of the files found stands in: most peers share the common version, and the tolerance
   * still rejects edits and extended mixes far from it.
   */
  private wantOf(row: SoulseekSearchEntity, responses: readonly SlskdSearchResponse[] = []): WantedTrack {
    let durationMs = row.durationMs ?? 0;
    if (!row.durationMs) {
      const lengths = responses.flatMap((r) => r.files.map((f) => f.length ?? 0)).filter((l) => l > 0).sort((a, b) => a - b);
      durationMs = lengths.length ? lengths[Math.floor(lengths.length / 2)] * 1000 : 0;
    }
    return { title: row.title, artists: [row.artist], album: row.album ?? '', durationMs };
  }

  private candidateRow(c: CandidateResult, position: number, peer: SlskdSearchResponse | undefined): NewCandidate {
    const v = c.verdict;
    return {
      accepted: v.accept,
      position,
      username: c.username,
      filename: c.filename,
      size: c.file.size,
      lengthSeconds: c.file.length ?? null,
      bitRate: c.file.bitRate ?? null,
      bitDepth: c.file.bitDepth ?? null,
      sampleRate: c.file.sampleRate ?? null,
      uploadSpeed: peer?.uploadSpeed ?? 0,
      queueLength: peer?.queueLength ?? 0,
      hasFreeUploadSlot: peer?.hasFreeUploadSlot ?? false,
      identity: v.accept ? v.identity : (v.identity ?? null),
      quality: v.accept ? v.quality : null,
      availability: v.accept ? v.availability : null,
      band: v.accept ? v.band : null,
      qualityTier: v.accept ? v.qualityTier : null,
      availClass: v.accept ? v.availClass : null,
      etaSeconds: v.accept ? Math.round(v.etaSeconds) : null,
      reasons: v.accept ? v.reasons : [],
      rejectReason: v.accept ? null : v.reason,
      rejectDetail: v.accept ? null : (v.detail ?? null),
    };
  }

  private async publish(row: SoulseekSearchEntity): Promise<SoulseekSearch> {
    const view = toSoulseekSearch(row);
    await this.events.publish({ type: 'soulseek.search.updated', payload: view });
    return view;
  }
}
