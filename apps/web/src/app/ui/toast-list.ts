import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { AppNotification } from '../core/notification.service';

/** Notifications in an ARIA live region; errors are announced assertively. */
@Component({
  selector: 'ss-toast-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="toasts" aria-live="polite" aria-relevant="additions" data-testid="toast-region">
      @for (toast of notifications(); track toast.id) {
        <div
          class="toast"
          [class]="'toast toast--' + toast.kind"
          [attr.role]="toast.kind === 'error' ? 'alert' : 'status'"
          [attr.data-kind]="toast.kind"
          data-testid="toast"
        >
          <span class="toast__text">{{ toast.text }}</span>
          <button type="button" class="icon-button" (click)="dismiss.emit(toast.id)" aria-label="Dismiss notification">
            ×
          </button>
        </div>
      }
    </div>
  `,
})
export class ToastList {
  readonly notifications = input.required<readonly AppNotification[]>();
  readonly dismiss = output<number>();
}
