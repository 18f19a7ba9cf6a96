import { ChangeDetectionStrategy, Component, input } from '@angular/core';

@Component({
  selector: 'ss-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="empty-state" [attr.aria-labelledby]="headingId()">
      <div class="empty-state__icon" aria-hidden="true">{{ icon() }}</div>
      <h2 [id]="headingId()">{{ heading() }}</h2>
      <ng-content />
    </section>
  `,
})
export class EmptyState {
  readonly heading = input.required<string>();
  readonly icon = input('♪');
  readonly headingId = input('empty-state-heading');
}
