import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { NotificationService } from './core/notification.service';
import { ThemeService } from './core/theme.service';
import { ToastList } from './ui/toast-list';

@Component({
  imports: [RouterOutlet, ToastList],
  selector: 'ss-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <router-outlet />
    <ss-toast-list
      [notifications]="notifications.notifications()"
      (dismiss)="notifications.dismiss($event)"
      (hold)="notifications.hold($event)"
      (release)="notifications.release($event)"
    />
  `,
})
export class App {
  protected readonly notifications = inject(NotificationService);

  constructor() {
    // Resolve the theme before the first page paints.
    inject(ThemeService);
  }
}
