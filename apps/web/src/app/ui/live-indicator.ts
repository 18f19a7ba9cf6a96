import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { StreamState } from '../core/event-stream.service';

const LABELS: Record<StreamState, string> = {
  offline: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

@Component({
  selector: 'ss-live-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span
      class="live"
      [class]="'live live--' + state()"
      role="status"
      [attr.data-state]="state()"
      [attr.title]="title()"
      data-testid="live-indicator"
    >
      <span class="live__dot" aria-hidden="true"></span><span class="live__label">{{ label() }}</span>
    </span>
  `,
})
export class LiveIndicator {
  readonly state = input.required<StreamState>();
  protected readonly label = computed(() => LABELS[this.state()]);
  protected readonly title = computed(() =>
    this.state() === 'live' ? 'Live updates are on' : 'Live updates paused; pages may be out of date',
  );
}
