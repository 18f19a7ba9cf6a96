import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { JobState, Page, QueueCounts, QueueJobSummary } from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { NotificationService } from '../../core/notification.service';
import { SystemApi } from '../../data-access/system.api';
import { Pager } from '../../ui/pager';
import { StatusBadge } from '../../ui/status-badge';

export const BROWSABLE_STATES: readonly JobState[] = ['failed', 'waiting', 'active', 'delayed', 'completed', 'paused'];
const PAGE_SIZE = 20;

/** Browse one queue's jobs by state; retry or remove failed ones; pause and resume the queue. */
@Component({
  selector: 'ss-queue-jobs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, Pager, StatusBadge, DatePipe],
  template: `
    <section class="card" aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues</h2>
      @if (queues().length === 0) {
        <p class="muted">No queues reported by the server.</p>
      } @else {
        <div class="toolbar">
          <div class="field field--inline">
            <label for="queue-select">Queue</label>
            <select id="queue-select" [ngModel]="selectedName()" (ngModelChange)="selectQueue($event)" data-testid="queue-select">
              @for (queue of queues(); track queue.name) {
                <option [value]="queue.name">{{ queue.name }}</option>
              }
            </select>
          </div>
          <div class="field field--inline">
            <label for="state-select">State</label>
            <select id="state-select" [ngModel]="state()" (ngModelChange)="selectState($event)" data-testid="job-state-select">
              @for (option of states; track option) {
                <option [value]="option">{{ option }}</option>
              }
            </select>
          </div>
          @if (selected(); as queue) {
            <span data-testid="queue-paused-state">
              <ss-status-badge [tone]="queue.paused ? 'warn' : 'ok'">{{ queue.paused ? 'Paused' : 'Running' }}</ss-status-badge>
            </span>
            @if (queue.paused) {
              <button type="button" class="button" (click)="setPaused(false)" [disabled]="busy()" data-testid="queue-resume">Resume queue</button>
            } @else {
              <button type="button" class="button" (click)="setPaused(true)" [disabled]="busy()" data-testid="queue-pause">Pause queue</button>
            }
          }
        </div>

        <div class="table-wrap" [attr.aria-busy]="loading()">
          <table class="table" data-testid="jobs-table">
            <caption class="visually-hidden">{{ state() }} jobs in {{ selectedName() }}</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">State</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col">Created</th>
                <th scope="col">Reason</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (job of page()?.items ?? []; track job.id) {
                <tr [attr.data-testid]="'job-row-' + job.id">
                  <th scope="row"><span class="mono">{{ job.name }}</span><br /><span class="muted small mono">{{ job.id }}</span></th>
                  <td>{{ job.state }}</td>
                  <td class="num">{{ job.attemptsMade }}</td>
                  <td>{{ job.createdAt | date: 'short' }}</td>
                  <td class="reason">{{ job.failedReason ?? '' }}</td>
                  <td class="actions">
                    @if (job.state === 'failed') {
                      <button type="button" class="button button--small" (click)="retry(job)" [disabled]="busy()" [attr.data-testid]="'job-retry-' + job.id"
                        [attr.aria-label]="'Retry job ' + job.id">Retry</button>
                      <button type="button" class="button button--small button--danger-outline" (click)="remove(job)" [disabled]="busy()"
                        [attr.data-testid]="'job-remove-' + job.id" [attr.aria-label]="'Remove job ' + job.id">Remove</button>
                    }
                  </td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="6" class="muted" data-testid="jobs-empty">{{ loading() ? 'Loading…' : 'No ' + state() + ' jobs in this queue.' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (page(); as current) {
          @if (current.total > current.pageSize) {
            <ss-pager [page]="current.page" [pageSize]="current.pageSize" [total]="current.total" (pageChange)="goTo($event)" />
          }
        }
      }
    </section>
  `,
})
export class QueueJobs {
  readonly queues = input.required<readonly QueueCounts[]>();
  /** Asks the parent to refresh queue counts after an action (pause/resume). */
  readonly changed = output<void>();

  private readonly api = inject(SystemApi);
  private readonly notifications = inject(NotificationService);
  protected readonly states = BROWSABLE_STATES;
  protected readonly chosenName = signal<string | null>(null);
  protected readonly state = signal<JobState>('failed');
  protected readonly pageNumber = signal(1);
  protected readonly page = signal<Page<QueueJobSummary> | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);

  protected readonly selectedName = computed(() => this.chosenName() ?? this.queues()[0]?.name ?? null);
  protected readonly selected = computed(() => this.queues().find((q) => q.name === this.selectedName()) ?? null);

  constructor() {
    // Reload when the selection changes, not on every live count update.
    effect(() => {
      const name = this.selectedName();
      const state = this.state();
      const pageNumber = this.pageNumber();
      if (name) untracked(() => this.load(name, state, pageNumber));
    });
  }

  protected selectQueue(name: string): void {
    this.chosenName.set(name);
    this.pageNumber.set(1);
  }

  protected selectState(state: JobState): void {
    this.state.set(state);
    this.pageNumber.set(1);
  }

  protected goTo(page: number): void {
    this.pageNumber.set(page);
  }

  protected retry(job: QueueJobSummary): void {
    this.act(this.api.retryJob(this.requireName(), job.id), `Job ${job.id} queued for another attempt.`);
  }

  protected remove(job: QueueJobSummary): void {
    this.act(this.api.removeJob(this.requireName(), job.id), `Job ${job.id} removed.`);
  }

  protected setPaused(paused: boolean): void {
    const name = this.requireName();
    const call = paused ? this.api.pauseQueue(name) : this.api.resumeQueue(name);
    this.act(call, paused ? `Queue ${name} paused.` : `Queue ${name} resumed.`);
  }

  private act(call: Observable<void>, successText: string): void {
    this.busy.set(true);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.notifications.success(successText);
        this.changed.emit();
        this.reload();
      },
      error: () => this.busy.set(false),
    });
  }

  private reload(): void {
    const name = this.selectedName();
    if (name) this.load(name, this.state(), this.pageNumber());
  }

  private load(name: string, state: JobState, pageNumber: number): void {
    this.loading.set(true);
    this.api.jobs(name, state, pageNumber, PAGE_SIZE).subscribe({
      next: (page) => {
        this.loading.set(false);
        // Removing the last job of the last page leaves it empty; step back instead of showing nothing.
        if (page.items.length === 0 && page.page > 1 && page.total > 0) {
          this.pageNumber.set(Math.ceil(page.total / page.pageSize));
          return;
        }
        this.page.set(page);
      },
      error: () => {
        this.loading.set(false);
        this.page.set(null);
      },
    });
  }

  private requireName(): string {
    const name = this.selectedName();
    if (!name) throw new Error('No queue selected');
    return name;
  }
}
