import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { ACTIVE_DOWNLOAD_STATES, type DownloadQueueStatus, type QueueCounts, type ReadinessResponse, type SelfCheckRun } from '@soulspot/shared/contracts';
import { errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { trackWorkerLiveness } from '../../core/worker-liveness';
import { DownloadsApi } from '../../data-access/downloads.api';
import { SystemApi } from '../../data-access/system.api';
import { HealthChecks } from '../../ui/health-checks';
import { SelfCheckResult } from '../../ui/self-check-result';
import { StatusBadge } from '../../ui/status-badge';

@Component({
  selector: 'ss-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HealthChecks, SelfCheckResult, StatusBadge, RouterLink, DatePipe],
  styles: `
    .tile { display: flex; flex-direction: column; padding: 0.75rem 1rem; border: 1px solid var(--border); border-radius: var(--radius-small);
      background: var(--surface-2); color: var(--text); text-decoration: none; }
    .tile:hover { border-color: var(--accent); }
    .tile__value { font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .tile__label { color: var(--text-muted); }
  `,
  template: `
    <header class="page-header">
      <h1>Dashboard</h1>
    </header>
    <section class="card" aria-labelledby="dash-downloads" data-testid="dashboard-downloads">
      <div class="card__header">
        <h2 id="dash-downloads">Downloads</h2>
        @if (downloads()?.paused) { <ss-status-badge tone="warn">Queue paused</ss-status-badge> }
        @if (downloads()?.slskd?.circuit === 'open') { <ss-status-badge tone="error">slskd unreachable</ss-status-badge> }
      </div>
      @if (downloads(); as d) {
        <div class="grid grid--3" aria-live="polite">
          <a class="tile" routerLink="/downloads" [queryParams]="{ state: 'active' }" data-testid="tile-active">
            <span class="tile__value" data-testid="tile-active-count">{{ activeDownloads() }}</span><span class="tile__label">active</span></a>
          <a class="tile" routerLink="/downloads" [queryParams]="{ state: 'queued' }" data-testid="tile-queued">
            <span class="tile__value" data-testid="tile-queued-count">{{ d.counts.wanted + d.counts.paused }}</span><span class="tile__label">queued</span></a>
          <a class="tile" routerLink="/downloads" [queryParams]="{ state: 'failed' }" data-testid="tile-failed">
            <span class="tile__value" [class.text-danger]="d.today.failed > 0" data-testid="tile-failed-count">{{ d.today.failed }}</span><span class="tile__label">failed today</span></a>
        </div>
      } @else if (downloadsError(); as message) {
        <p class="muted" data-testid="dashboard-downloads-error">{{ message }}</p>
      } @else {
        <p class="muted" aria-busy="true">Loading…</p>
      }
    </section>
    <div class="grid grid--3">
      <section class="card" aria-labelledby="dash-health" data-testid="dashboard-health">
        <h2 id="dash-health">System health</h2>
        @if (readiness(); as result) {
          <ss-health-checks [readiness]="result" />
        } @else if (readinessError(); as message) {
          <p class="alert alert--error" role="alert">{{ message }}</p>
        } @else {
          <p class="muted" aria-busy="true">Checking…</p>
        }
      </section>

      <section class="card" aria-labelledby="dash-worker" data-testid="dashboard-worker">
        <h2 id="dash-worker">Worker and queues</h2>
        <p>
          Worker:
          <span data-testid="dashboard-worker-status" [attr.data-status]="worker.alive() ? 'alive' : 'stale'">
            <ss-status-badge [tone]="worker.alive() ? 'ok' : 'error'">{{ worker.alive() ? 'Alive' : 'Stale' }}</ss-status-badge>
          </span>
          @if (worker.lastHeartbeatAt(); as at) {
            <span class="muted small">last heartbeat {{ at | date: 'mediumTime' }}</span>
          }
        </p>
        <dl class="stats">
          <div><dt>Waiting</dt><dd data-testid="dashboard-waiting">{{ totals().waiting }}</dd></div>
          <div><dt>Active</dt><dd data-testid="dashboard-active">{{ totals().active }}</dd></div>
          <div><dt>Failed</dt><dd data-testid="dashboard-failed" [class.text-danger]="totals().failed > 0">{{ totals().failed }}</dd></div>
        </dl>
        <a routerLink="/system" class="link" data-testid="dashboard-system-link">Open System</a>
      </section>

      <section class="card" aria-labelledby="dash-self-check" data-testid="dashboard-self-check">
        <h2 id="dash-self-check">Latest self-check</h2>
        <div aria-live="polite">
          @if (selfCheck(); as run) {
            <ss-self-check-result [run]="run" [showSteps]="false" />
            <p class="small" data-testid="dashboard-self-check-summary">{{ passedSteps() }} of {{ run.steps.length }} steps passed</p>
          } @else {
            <p class="muted" data-testid="self-check-none">No self-check has run yet.</p>
          }
        </div>
        <a routerLink="/system" class="link">Run one on the System page</a>
      </section>
    </div>
  `,
})
export class DashboardPage implements OnInit {
  private readonly api = inject(SystemApi);
  private readonly downloadsApi = inject(DownloadsApi);
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly worker = trackWorkerLiveness();
  protected readonly readiness = signal<ReadinessResponse | null>(null);
  protected readonly readinessError = signal<string | null>(null);
  protected readonly queues = signal<QueueCounts[]>([]);
  protected readonly selfCheck = signal<SelfCheckRun | null>(null);
  protected readonly downloads = signal<DownloadQueueStatus | null>(null);
  protected readonly downloadsError = signal<string | null>(null);
  protected readonly activeDownloads = computed(() => {
    const counts = this.downloads()?.counts;
    return counts ? ACTIVE_DOWNLOAD_STATES.reduce((sum, s) => sum + counts[s], 0) : 0;
  });
  protected readonly passedSteps = computed(() => this.selfCheck()?.steps.filter((s) => s.ok).length ?? 0);
  protected readonly totals = computed(() =>
    this.queues().reduce(
      (sum, q) => ({ waiting: sum.waiting + q.waiting, active: sum.active + q.active, failed: sum.failed + q.failed }),
      { waiting: 0, active: 0, failed: 0 },
    ),
  );

  ngOnInit(): void {
    this.load();
    this.events
      .on('queues.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.queues.set(payload));
    this.events
      .on('self-check.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => {
        const current = this.selfCheck();
        if (!current || current.id === payload.id || payload.requestedAt >= current.requestedAt) this.selfCheck.set(payload);
      });
    this.events
      .on('downloads.status')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.downloads.set(payload));
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.load());
  }

  private load(): void {
    this.api.ready().subscribe({
      next: (result) => this.readiness.set(result),
      error: (error: unknown) => this.readinessError.set(errorMessage(error)),
    });
    this.api.info().subscribe((system) => {
      this.queues.set(system.queues);
      this.worker.seed(system.worker);
    });
    this.api.selfChecks().subscribe((runs) => this.selfCheck.set(runs[0] ?? null));
    this.downloadsApi.status().subscribe({
      next: (status) => this.downloads.set(status),
      error: (error: unknown) => this.downloadsError.set(errorMessage(error)),
    });
  }
}
