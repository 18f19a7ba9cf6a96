import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { QueueCounts, ReadinessResponse, SystemInfo } from '@soulspot/shared/contracts';
import { errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { trackWorkerLiveness } from '../../core/worker-liveness';
import { SystemApi } from '../../data-access/system.api';
import { HealthChecks } from '../../ui/health-checks';
import { QueueCountsTable } from '../../ui/queue-counts-table';
import { StatusBadge } from '../../ui/status-badge';
import { QueueJobs } from './queue-jobs';
import { SelfCheckPanel } from './self-check-panel';

@Component({
  selector: 'ss-system-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HealthChecks, QueueCountsTable, QueueJobs, SelfCheckPanel, StatusBadge, DatePipe, DecimalPipe],
  template: `
    <header class="page-header">
      <h1>System</h1>
      <button type="button" class="button button--ghost" (click)="refresh()" data-testid="system-refresh">Refresh</button>
    </header>

    <div class="grid grid--2">
      <section class="card" aria-labelledby="health-heading" data-testid="system-health">
        <h2 id="health-heading">Health</h2>
        @if (readiness(); as result) {
          <ss-health-checks [readiness]="result" />
        } @else if (readinessError(); as message) {
          <p class="alert alert--error" role="alert" data-testid="readiness-error">{{ message }}</p>
        } @else {
          <p class="muted" aria-busy="true">Checking…</p>
        }
      </section>

      <section class="card" aria-labelledby="versions-heading" data-testid="system-versions">
        <h2 id="versions-heading">Versions and worker</h2>
        @if (info(); as system) {
          <dl class="facts">
            <dt>SoulSpot</dt><dd data-testid="version-app">{{ system.version }}</dd>
            <dt>Node.js</dt><dd data-testid="version-node">{{ system.nodeVersion }}</dd>
            <dt>PostgreSQL</dt><dd data-testid="version-postgres">{{ system.postgresVersion ?? 'unknown' }} ({{ system.databaseMode }})</dd>
            <dt>Redis</dt><dd data-testid="version-redis">{{ system.redisVersion ?? 'unknown' }}</dd>
            <dt>Uptime</dt><dd data-testid="uptime">{{ system.uptimeSeconds / 3600 | number: '1.0-1' }} h</dd>
            <dt>Worker</dt>
            <dd data-testid="worker-status" [attr.data-status]="worker.alive() ? 'alive' : 'stale'">
              <ss-status-badge [tone]="worker.alive() ? 'ok' : 'error'">{{ worker.alive() ? 'Alive' : 'Stale' }}</ss-status-badge>
              @if (worker.pid(); as pid) {
                <span class="muted small">pid {{ pid }}</span>
              }
            </dd>
            <dt>Last heartbeat</dt>
            <dd data-testid="worker-heartbeat">{{ worker.lastHeartbeatAt() ? (worker.lastHeartbeatAt() | date: 'mediumTime') : 'never' }}</dd>
          </dl>
        } @else if (infoError(); as message) {
          <p class="alert alert--error" role="alert">{{ message }}</p>
        } @else {
          <p class="muted" aria-busy="true">Loading…</p>
        }
      </section>
    </div>

    <section class="card" aria-labelledby="counts-heading">
      <h2 id="counts-heading">Queue counts</h2>
      <ss-queue-counts-table [queues]="queues()" />
    </section>

    <ss-queue-jobs [queues]="queues()" (changed)="reloadQueues()" />

    <ss-self-check-panel />
  `,
})
export class SystemPage implements OnInit {
  private readonly api = inject(SystemApi);
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly worker = trackWorkerLiveness();
  protected readonly readiness = signal<ReadinessResponse | null>(null);
  protected readonly readinessError = signal<string | null>(null);
  protected readonly info = signal<SystemInfo | null>(null);
  protected readonly infoError = signal<string | null>(null);
  protected readonly queues = signal<QueueCounts[]>([]);

  ngOnInit(): void {
    this.refresh();
    this.events
      .on('queues.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.queues.set(payload));
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.refresh());
  }

  protected refresh(): void {
    this.api.ready().subscribe({
      next: (result) => {
        this.readiness.set(result);
        this.readinessError.set(null);
      },
      error: (error: unknown) => this.readinessError.set(errorMessage(error)),
    });
    this.api.info().subscribe({
      next: (system) => {
        this.info.set(system);
        this.infoError.set(null);
        this.queues.set(system.queues);
        this.worker.seed(system.worker);
      },
      error: (error: unknown) => this.infoError.set(errorMessage(error)),
    });
  }

  protected reloadQueues(): void {
    this.api.queues().subscribe((queues) => this.queues.set(queues));
  }
}
