import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { ImportRecord, ImportStatus, ImportStepStatus, Page } from '@soulspot/shared/contracts';
import { EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { ImportsApi } from '../../data-access/imports.api';
import { Pager } from '../../ui/pager';
import { type BadgeTone, StatusBadge } from '../../ui/status-badge';

const PAGE_SIZE = 20;
const STATUS_TONE: Record<ImportStatus, BadgeTone> = { queued: 'pending', running: 'pending', done: 'ok', failed: 'error' };
const STEP_TONE: Record<ImportStepStatus, BadgeTone> = { done: 'ok', skipped: 'neutral', failed: 'warn' };

/** Recent imports, newest first, with what each step did; failed ones can be retried. Updated live. */
@Component({
  selector: 'ss-imports-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FormsModule, Pager, StatusBadge],
  template: `
    <section class="card" aria-labelledby="imports-heading">
      <div class="card__header">
        <h2 id="imports-heading">Recent imports</h2>
        <div class="field field--inline">
          <label for="imports-status">Show</label>
          <select id="imports-status" [ngModel]="status()" (ngModelChange)="filter($event)" data-testid="imports-status-filter">
            <option value="">all</option>
            <option value="failed">failed</option>
            <option value="done">done</option>
            <option value="running">running</option>
            <option value="queued">queued</option>
          </select>
        </div>
      </div>
      <ul class="import-list" [attr.aria-busy]="loading()" data-testid="imports-list">
        @for (item of page()?.items ?? []; track item.id) {
          <li class="import" [attr.data-testid]="'import-' + item.id" [attr.data-status]="item.status">
            <div class="import__head">
              <ss-status-badge [tone]="tone(item.status)">{{ item.status }}</ss-status-badge>
              <span class="mono import__path" [title]="item.sourcePath">{{ item.resultPath ?? item.sourcePath }}</span>
              <span class="muted small">{{ item.createdAt | date: 'short' }}</span>
              @if (item.status === 'failed') {
                <button type="button" class="button button--small" (click)="retry(item)" [disabled]="busy()"
                  [attr.data-testid]="'import-retry-' + item.id" [attr.aria-label]="'Retry import of ' + item.sourcePath">Retry</button>
              }
            </div>
            @if (item.error) {
              <p class="alert alert--error small" [attr.data-testid]="'import-error-' + item.id">{{ item.error }}</p>
            }
            @if (item.steps.length) {
              <ol class="import__steps">
                @for (step of item.steps; track step.name) {
                  <li [attr.data-testid]="'import-step-' + item.id + '-' + step.name">
                    <ss-status-badge [tone]="stepTone(step.status)">{{ step.name }}: {{ step.status }}</ss-status-badge>
                    <span class="small">{{ step.detail }}</span>
                    <span class="muted small">({{ step.durationMs }} ms)</span>
                  </li>
                }
              </ol>
            }
          </li>
        } @empty {
          <li class="muted" data-testid="imports-empty">{{ loading() ? 'Loading…' : 'No imports yet.' }}</li>
        }
      </ul>
      @if (page(); as current) {
        @if (current.total > current.pageSize) {
          <ss-pager [page]="current.page" [pageSize]="current.pageSize" [total]="current.total" (pageChange)="goTo($event)" />
        }
      }
    </section>
  `,
  styles: `
    .import-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
    .import { border-bottom: 1px solid var(--border, #8884); padding-bottom: 0.5rem; }
    .import__head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    .import__path { overflow-wrap: anywhere; flex: 1 1 20rem; }
    .import__steps { margin: 0.25rem 0 0 1rem; padding: 0; display: grid; gap: 0.15rem; }
  `,
})
export class ImportsList implements OnInit {
  private readonly api = inject(ImportsApi);
  private readonly events = inject(EventStreamService);
  private readonly notifications = inject(NotificationService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly page = signal<Page<ImportRecord> | null>(null);
  protected readonly status = signal<ImportStatus | ''>('');
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  private pageNumber = 1;

  ngOnInit(): void {
    this.load();
    this.events
      .on('import.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.accept(payload));
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.load());
  }

  /** Called by the page after it queued an import, so it shows before the first event arrives. */
  add(record: ImportRecord): void {
    this.accept(record);
  }

  protected tone(status: ImportStatus): BadgeTone {
    return STATUS_TONE[status];
  }

  protected stepTone(status: ImportStepStatus): BadgeTone {
    return STEP_TONE[status];
  }

  protected filter(status: ImportStatus | ''): void {
    this.status.set(status);
    this.pageNumber = 1;
    this.load();
  }

  protected goTo(page: number): void {
    this.pageNumber = page;
    this.load();
  }

  protected retry(item: ImportRecord): void {
    this.busy.set(true);
    this.api.retry(item.id).subscribe({
      next: (record) => {
        this.busy.set(false);
        this.notifications.success('Import queued again.');
        this.accept(record);
      },
      error: () => this.busy.set(false),
    });
  }

  private load(): void {
    this.loading.set(true);
    this.api.list(this.pageNumber, PAGE_SIZE, this.status() || undefined).subscribe({
      next: (page) => {
        this.loading.set(false);
        this.page.set(page);
      },
      error: () => this.loading.set(false),
    });
  }

  /** Replace a row in place; a new import goes on top of the first page when it matches the filter. */
  private accept(record: ImportRecord): void {
    const current = this.page();
    if (!current) return;
    const index = current.items.findIndex((i) => i.id === record.id);
    const filter = this.status();
    if (index >= 0) {
      const items = [...current.items];
      if (filter && record.status !== filter) items.splice(index, 1);
      else items[index] = record;
      this.page.set({ ...current, items });
    } else if (current.page === 1 && (!filter || record.status === filter)) {
      this.page.set({ ...current, items: [record, ...current.items].slice(0, current.pageSize), total: current.total + 1 });
    }
  }
}
