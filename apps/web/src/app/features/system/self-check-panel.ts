import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { SelfCheckRun } from '@soulspot/shared/contracts';
import { EventStreamService } from '../../core/event-stream.service';
import { SystemApi } from '../../data-access/system.api';
import { SelfCheckResult } from '../../ui/self-check-result';

/** Runs the self-check job and follows it live; the HTTP call only queues it. */
@Component({
  selector: 'ss-self-check-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SelfCheckResult],
  template: `
    <section class="card" aria-labelledby="self-check-heading">
      <div class="card__header">
        <h2 id="self-check-heading">Self-check</h2>
        <button type="button" class="button button--primary" (click)="run()" [disabled]="starting() || inProgress()" data-testid="self-check-run">
          {{ inProgress() ? 'Checking…' : 'Run self-check' }}
        </button>
      </div>
      <p class="muted">The worker checks the database, Redis, disk space and the configured folders.</p>
      <div aria-live="polite">
        @if (latest(); as current) {
          <ss-self-check-result [run]="current" />
        } @else {
          <p class="muted" data-testid="self-check-none">No self-check has run yet.</p>
        }
      </div>
    </section>
  `,
})
export class SelfCheckPanel implements OnInit {
  private readonly api = inject(SystemApi);
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly latest = signal<SelfCheckRun | null>(null);
  protected readonly starting = signal(false);
  protected readonly inProgress = () => {
    const status = this.latest()?.status;
    return status === 'queued' || status === 'running';
  };

  ngOnInit(): void {
    this.load();
    this.events
      .on('self-check.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.accept(payload));
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.load());
  }

  protected run(): void {
    this.starting.set(true);
    this.api.runSelfCheck().subscribe({
      next: (run) => {
        this.starting.set(false);
        this.accept(run, true);
      },
      error: () => this.starting.set(false),
    });
  }

  private load(): void {
    this.api.selfChecks().subscribe((runs) => {
      const [newest] = runs;
      if (newest) this.accept(newest);
    });
  }

  /** Keep the newest run; an update for an older run (late event) must not replace it. */
  private accept(run: SelfCheckRun, force = false): void {
    const current = this.latest();
    if (force || !current || current.id === run.id || run.requestedAt >= current.requestedAt) {
      this.latest.set(run);
    }
  }
}
