import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export type BadgeTone = 'ok' | 'error' | 'warn' | 'pending' | 'neutral';

/** A coloured label; the text always carries the meaning so colour is never the only cue. */
@Component({
  selector: 'ss-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="'badge badge--' + tone()" [attr.data-status]="tone()"><ng-content /></span>`,
})
export class StatusBadge {
  readonly tone = input<BadgeTone>('neutral');
}
