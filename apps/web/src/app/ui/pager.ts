import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

@Component({
  selector: 'ss-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="pager" aria-label="Pages">
      <button
        type="button"
        class="button button--ghost"
        [disabled]="page() <= 1"
        (click)="pageChange.emit(page() - 1)"
        data-testid="pager-prev"
      >
        Previous
      </button>
      <span data-testid="pager-label" aria-live="polite">Page {{ page() }} of {{ pages() }} · {{ total() }} total</span>
      <button
        type="button"
        class="button button--ghost"
        [disabled]="page() >= pages()"
        (click)="pageChange.emit(page() + 1)"
        data-testid="pager-next"
      >
        Next
      </button>
    </nav>
  `,
})
export class Pager {
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly total = input.required<number>();
  readonly pageChange = output<number>();
  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / Math.max(1, this.pageSize()))));
}
