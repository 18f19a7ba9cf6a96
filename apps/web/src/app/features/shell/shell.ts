import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  OnInit,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { AuthService } from '../../core/auth.service';
import { EventStreamService } from '../../core/event-stream.service';
import { SessionStore } from '../../core/session.store';
import { ThemeService } from '../../core/theme.service';
import { AuthApi } from '../../data-access/auth.api';
import { SettingsApi } from '../../data-access/settings.api';
import { LiveIndicator } from '../../ui/live-indicator';

export interface NavItem {
  path: string;
  label: string;
  icon: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/dashboard', label: 'Dashboard', icon: '◉' },
  { path: '/playlists', label: 'Playlists', icon: '≣' },
  { path: '/library', label: 'Library', icon: '♫' },
  { path: '/downloads', label: 'Downloads', icon: '⇩' },
  { path: '/search', label: 'Search', icon: '⌕' },
  { path: '/automation', label: 'Automation', icon: '↻' },
  { path: '/settings', label: 'Settings', icon: '⚙' },
  { path: '/system', label: 'System', icon: '▤' },
];

const THEME_LABELS = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** The signed-in layout: navigation, header, live indicator; owns the app-wide event stream. */
@Component({
  selector: 'ss-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, LiveIndicator],
  template: `
    <a class="skip-link" href="#main" (click)="focusMain($event)">Skip to content</a>
    <div class="shell" [class.shell--nav-open]="navOpen()">
      <header class="topbar">
        <button
          type="button"
          class="icon-button topbar__menu"
          [attr.aria-expanded]="navOpen()"
          aria-controls="main-nav"
          (click)="navOpen.set(!navOpen())"
          data-testid="nav-toggle"
        >
          <span aria-hidden="true">☰</span><span class="visually-hidden">Menu</span>
        </button>
        <a routerLink="/dashboard" class="brand" data-testid="brand">
          <span class="brand__logo" aria-hidden="true">◐</span>
          <span class="brand__name">SoulSpot</span>
          @if (instanceName(); as name) {
            <span class="brand__instance" data-testid="instance-name">{{ name }}</span>
          }
        </a>
        <div class="topbar__actions">
          <ss-live-indicator [state]="events.state()" />
          <button type="button" class="button button--ghost" (click)="theme.cycle()" data-testid="theme-toggle" [attr.aria-label]="themeLabel() + '. Change theme'">
            <span aria-hidden="true">{{ theme.theme() === 'dark' ? '☾' : '☀' }}</span>
            <span class="hide-small">{{ themeLabel() }}</span>
          </button>
          <span class="topbar__user hide-small" data-testid="current-user">{{ session.username() }}</span>
          <button type="button" class="button button--ghost" (click)="logout()" data-testid="logout-button">Sign out</button>
        </div>
      </header>

      <nav id="main-nav" class="sidenav" aria-label="Main">
        <ul>
          @for (item of nav; track item.path) {
            <li>
              <a
                [routerLink]="item.path"
                routerLinkActive="is-active"
                ariaCurrentWhenActive="page"
                [attr.data-testid]="'nav-' + item.label.toLowerCase()"
                (click)="navOpen.set(false)"
              >
                <span class="sidenav__icon" aria-hidden="true">{{ item.icon }}</span>{{ item.label }}
              </a>
            </li>
          }
        </ul>
      </nav>
      @if (navOpen()) {
        <div class="scrim" (click)="navOpen.set(false)" aria-hidden="true"></div>
      }

      <main id="main" class="content" tabindex="-1" #main>
        <router-outlet />
      </main>
    </div>
  `,
  host: { '(document:keydown.escape)': 'navOpen.set(false)' },
})
export class Shell implements OnInit {
  protected readonly events = inject(EventStreamService);
  protected readonly theme = inject(ThemeService);
  protected readonly session = inject(SessionStore);
  private readonly auth = inject(AuthService);
  private readonly settingsApi = inject(SettingsApi);
  private readonly authApi = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected readonly nav = NAV_ITEMS;
  protected readonly navOpen = signal(false);
  protected readonly instanceName = signal<string | null>(null);
  protected readonly themeLabel = () => THEME_LABELS[this.theme.preference()];

  constructor() {
    // An expired session shows up first as a dropped stream (EventSource hides the 401); one probe
    // per outage lets the interceptor send the user to the login page instead of retrying forever.
    effect(() => {
      if (this.events.state() === 'reconnecting') {
        untracked(() => this.authApi.checkSession().subscribe({ error: () => undefined }));
      }
    });
  }

  ngOnInit(): void {
    this.events.connect();
    // Signed out (logout or an expired session): the stream would only collect 401s.
    this.destroyRef.onDestroy(() => this.events.disconnect());
    this.loadInstanceName();
    this.events
      .on('settings.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.loadInstanceName());
    // Screen-reader and keyboard users land on the new page's content, not at the top of the nav.
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => this.main().nativeElement.focus({ preventScroll: true }));
  }

  protected focusMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }

  private loadInstanceName(): void {
    this.settingsApi.general().subscribe({
      next: (settings) => this.instanceName.set(settings.instanceName || null),
      error: () => this.instanceName.set(null),
    });
  }
}
