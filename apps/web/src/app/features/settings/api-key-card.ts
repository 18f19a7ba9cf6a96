import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, inject, OnInit, signal, viewChild } from '@angular/core';
import type { ApiKeyInfo } from '@soulspot/shared/contracts';
import { API_KEY_HEADER } from '@soulspot/shared/contracts';
import { NotificationService } from '../../core/notification.service';
import { AuthApi } from '../../data-access/auth.api';

@Component({
  selector: 'ss-api-key-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <section class="card" aria-labelledby="api-key-heading">
      <h2 id="api-key-heading">API key</h2>
      <p class="muted">
        Scripts and other apps authenticate with this key in the <code>{{ header }}</code> header.
      </p>
      @if (key(); as info) {
        <div class="key-row">
          <label for="api-key" class="visually-hidden">API key</label>
          <input id="api-key" class="mono" readonly [type]="revealed() ? 'text' : 'password'" [value]="info.apiKey" data-testid="api-key-value" />
          <button type="button" class="button" (click)="revealed.set(!revealed())" [attr.aria-pressed]="revealed()" data-testid="api-key-show">
            {{ revealed() ? 'Hide' : 'Show' }}
          </button>
          <button type="button" class="button" (click)="copy(info.apiKey)" data-testid="api-key-copy">Copy</button>
        </div>
        <p class="muted small" data-testid="api-key-created">Created {{ info.createdAt | date: 'medium' }}</p>
      } @else if (loading()) {
        <p class="muted" aria-busy="true">Loading…</p>
      }

      @if (confirming()) {
        <div class="confirm" role="group" aria-labelledby="api-key-confirm-text" data-testid="api-key-confirm-panel">
          <p id="api-key-confirm-text">
            Regenerate the key? The current key stops working immediately; every script using it must be updated.
          </p>
          <div class="form__actions">
            <button type="button" class="button button--danger" (click)="regenerate()" [disabled]="busy()" #confirmButton data-testid="api-key-confirm">
              {{ busy() ? 'Regenerating…' : 'Yes, regenerate' }}
            </button>
            <button type="button" class="button" (click)="confirming.set(false)" data-testid="api-key-cancel">Cancel</button>
          </div>
        </div>
      } @else {
        <div class="form__actions">
          <button type="button" class="button button--danger-outline" (click)="askConfirmation()" data-testid="api-key-regenerate">
            Regenerate key
          </button>
        </div>
      }
    </section>
  `,
})
export class ApiKeyCard implements OnInit {
  private readonly api = inject(AuthApi);
  private readonly notifications = inject(NotificationService);
  private readonly confirmButton = viewChild<ElementRef<HTMLButtonElement>>('confirmButton');
  protected readonly header = API_KEY_HEADER;
  protected readonly key = signal<ApiKeyInfo | null>(null);
  protected readonly loading = signal(true);
  protected readonly revealed = signal(false);
  protected readonly confirming = signal(false);
  protected readonly busy = signal(false);

  ngOnInit(): void {
    this.api.apiKey().subscribe({
      next: (info) => {
        this.key.set(info);
        this.loading.set(false);
      },
      error: () => this.loading.set(false),
    });
  }

  protected askConfirmation(): void {
    this.confirming.set(true);
    // Keyboard users should land on the decision, not have to hunt for it.
    setTimeout(() => this.confirmButton()?.nativeElement.focus());
  }

  protected regenerate(): void {
    this.busy.set(true);
    this.api.regenerateApiKey().subscribe({
      next: (info) => {
        this.key.set(info);
        this.busy.set(false);
        this.confirming.set(false);
        this.revealed.set(true);
        this.notifications.success('New API key created. The old key no longer works.');
      },
      error: () => this.busy.set(false),
    });
  }

  protected async copy(value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.notifications.success('API key copied to the clipboard.');
    } catch {
      // Clipboard access needs HTTPS or localhost; on plain-HTTP LAN installs the user copies by hand.
      this.revealed.set(true);
      this.notifications.info('Copying is blocked by the browser here. Select the key and copy it manually.');
    }
  }
}
