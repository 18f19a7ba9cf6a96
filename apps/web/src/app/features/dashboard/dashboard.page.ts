import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { QueueCounts, ReadinessResponse, SelfCheckRun } from '@soulspot/shared/contracts';
import { errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { trackWorkerLiveness } from '../../core/worker-liveness';
import { SystemApi } from '../../data-access/system.api';
import { HealthChecks } from '../../ui/health-checks';
import { SelfCheckResult } from '../../ui/self-check-result';
import { StatusBadge } from '../../ui/status-badge';

@Component({
  selector: 'ss-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HealthChecks, SelfCheckResult, StatusBadge, RouterLink, DatePipe],
  template: `
    <header class="page-header">
      <h1>Dashboard</h1>
    </header>
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
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly worker = trackWorkerLiveness();
  protected readonly readiness = signal<ReadinessResponse | null>(null);
  protected readonly readinessError = signal<string | null>(null);
  protected readonly queues = signal<QueueCounts[]>([]);
  protected readonly selfCheck = signal<SelfCheckRun | null>(null);
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
  }
}
