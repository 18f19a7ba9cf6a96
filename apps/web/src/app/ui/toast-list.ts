import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AppNotification } from '../core/notification.service';

/**
 * Notifications in an ARIA live region; errors are announced assertively. A toast may carry one link
 * (e.g. "Open Downloads"); following it closes the toast. Hover or focus keeps a toast on screen.
 */
@Component({
  selector: 'ss-toast-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="toasts" aria-live="polite" aria-relevant="additions" data-testid="toast-region">
      @for (toast of notifications(); track toast.id) {
        <div
          class="toast"
          [class]="'toast toast--' + toast.kind"
          [attr.role]="toast.kind === 'error' ? 'alert' : 'status'"
          [attr.data-kind]="toast.kind"
          data-testid="toast"
          (mouseenter)="hold.emit(toast.id)"
          (mouseleave)="release.emit(toast.id)"
          (focusin)="hold.emit(toast.id)"
          (focusout)="release.emit(toast.id)"
        >
          <span class="toast__text">
            {{ toast.text }}
            @if (toast.link; as link) {
              <a class="toast__link" [routerLink]="link.path" (click)="dismiss.emit(toast.id)" data-testid="toast-link">{{ link.label }}</a>
            }
          </span>
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
  /** The pointer or focus entered a toast: keep it. */
  readonly hold = output<number>();
  /** …and left it: its countdown starts again. */
  readonly release = output<number>();
}
