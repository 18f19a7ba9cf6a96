import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute } from '@angular/router';
import type { SpotifyConnection } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { SpotifyApi } from '../../data-access/spotify.api';
import { StatusBadge } from '../../ui/status-badge';

/** Browser navigation, behind a function so tests can observe it instead of leaving the page. */
export function navigateTo(url: string): void {
  window.location.href = url;
}

@Component({
  selector: 'ss-spotify-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, StatusBadge, DatePipe],
  template: `
    <section class="card" aria-labelledby="spotify-heading" data-testid="spotify-card">
      <h2 id="spotify-heading">Spotify</h2>
      @if (outcome(); as o) {
        <p [class]="o.ok ? 'alert alert--success' : 'alert alert--error'" role="status" data-testid="spotify-outcome">{{ o.text }}</p>
      }
      @if (conn(); as c) {
        <p data-testid="spotify-status" [attr.data-status]="c.status">
          @switch (c.status) {
            @case ('connected') {
              <ss-status-badge tone="ok">Connected</ss-status-badge>
              as <strong data-testid="spotify-account">{{ c.account?.displayName || c.account?.id }}</strong>
            }
            @case ('reconnect_required') {
              <ss-status-badge tone="error">Reconnect needed</ss-status-badge>
              Spotify no longer accepts the saved authorisation (revoked, or older than six months). Syncs are stopped until you connect again.
            }
            @default {
              <ss-status-badge tone="neutral">Not connected</ss-status-badge>
            }
          }
        </p>
        @if (c.pausedUntil) {
          <p class="alert" data-testid="spotify-paused">Spotify's daily request quota is used up: syncs are paused until {{ c.pausedUntil | date: 'medium' }}.</p>
        }

        <details [open]="!c.configured">
          <summary>How to create your Spotify app</summary>
          <ol class="small">
            <li>Open <a href="https://developer.spotify.com/dashboard" target="_blank" rel="noopener">developer.spotify.com/dashboard</a> (the app owner needs Spotify Premium) and create an app for the "Web API".</li>
            <li>Add this redirect URI exactly (Spotify accepts https, or http only for 127.0.0.1):</li>
          </ol>
          <div class="key-row">
            <label for="spotify-redirect" class="visually-hidden">Redirect URI</label>
            <input id="spotify-redirect" class="mono" readonly [value]="c.redirectUri" data-testid="spotify-redirect-uri" />
            <button type="button" class="button" (click)="copy(c.redirectUri)" data-testid="spotify-copy-redirect">Copy</button>
          </div>
          <ol class="small" start="3">
            <li>In "User Management", add the e-mail of every Spotify account that will connect (at most 5 in Development Mode).</li>
            <li>Copy the app's client id below, save, and click Connect. No client secret is needed.</li>
          </ol>
        </details>

        <form [formGroup]="form" (ngSubmit)="save()" class="form" novalidate data-testid="spotify-form">
          <div class="field">
            <label for="spotify-client-id">Client id</label>
            <input id="spotify-client-id" class="mono" formControlName="clientId" autocomplete="off" data-testid="spotify-client-id" />
          </div>
          @if (formError(); as message) {
            <p class="alert alert--error" role="alert" data-testid="spotify-form-error">{{ message }}</p>
          }
          <div class="form__actions">
            <button type="submit" class="button" [disabled]="busy() || form.invalid || form.pristine" data-testid="spotify-save">Save</button>
            <button type="button" class="button button--primary" [disabled]="busy() || !c.configured" (click)="connect()" data-testid="spotify-connect">
              {{ c.status === 'not_connected' ? 'Connect' : 'Reconnect' }}
            </button>
            @if (c.status !== 'not_connected') {
              <button type="button" class="button button--danger-outline" [disabled]="busy()" (click)="disconnect()" data-testid="spotify-disconnect">Disconnect</button>
            }
          </div>
        </form>
      } @else {
        <p class="muted" aria-busy="true">Loading…</p>
      }
    </section>
  `,
})
export class SpotifyCard implements OnInit {
  private readonly api = inject(SpotifyApi);
  private readonly route = inject(ActivatedRoute);
  private readonly events = inject(EventStreamService);
  private readonly notifications = inject(NotificationService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly conn = signal<SpotifyConnection | null>(null);
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly outcome = signal<{ ok: boolean; text: string } | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ clientId: ['', [Validators.required, Validators.pattern(/^[A-Za-z0-9_-]{8,64}$/)]] });

  ngOnInit(): void {
    const q = this.route.snapshot.queryParamMap;
    if (q.get('spotify') === 'connected') this.outcome.set({ ok: true, text: 'Spotify is connected.' });
    else if (q.get('spotify') === 'error') this.outcome.set({ ok: false, text: `Connecting Spotify failed: ${q.get('reason') ?? 'unknown error'}` });
    this.load();
    this.events
      .on('spotify.connection.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.load());
  }

  private load(): void {
    this.api.connection().subscribe((c) => {
      this.conn.set(c);
      if (this.form.pristine) this.form.setValue({ clientId: c.clientId ?? '' });
    });
  }

  protected save(): void {
    this.busy.set(true);
    this.formError.set(null);
    this.api.saveSettings({ clientId: this.form.getRawValue().clientId.trim() }).subscribe({
      next: (c) => {
        this.conn.set(c);
        this.form.markAsPristine();
        this.busy.set(false);
        this.notifications.success('Spotify client id saved.');
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.formError.set(e instanceof ApiError && e.fieldErrors.length ? e.fieldErrors.join(' ') : errorMessage(e));
      },
    });
  }

  protected connect(): void {
    this.busy.set(true);
    this.api.connect().subscribe({
      next: ({ authorizeUrl }) => navigateTo(authorizeUrl),
      error: () => this.busy.set(false),
    });
  }

  protected disconnect(): void {
    this.busy.set(true);
    this.api.disconnect().subscribe({
      next: () => {
        this.busy.set(false);
        this.outcome.set(null);
        this.load();
      },
      error: () => this.busy.set(false),
    });
  }

  protected async copy(value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.notifications.success('Redirect URI copied.');
    } catch {
      this.notifications.info('Copying is blocked by the browser here. Select the URI and copy it manually.');
    }
  }
}
