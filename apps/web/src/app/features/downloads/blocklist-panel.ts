import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { BLOCKLIST_KINDS, type BlocklistEntry, type BlocklistKind, type CreateBlocklistEntryRequest, type Page } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { NotificationService } from '../../core/notification.service';
import { BlocklistApi } from '../../data-access/blocklist.api';
import { Pager } from '../../ui/pager';
import { StatusBadge } from '../../ui/status-badge';

const PAGE_SIZE = 25;

export const KIND_LABELS: Record<BlocklistKind, string> = {
  user: 'Peer (every file)',
  file: 'File name (from any peer)',
  user_file: 'One file from one peer',
};

/** A user entry needs a name, a file entry a file, a pair both. */
function entryComplete(group: AbstractControl): ValidationErrors | null {
  const { kind, username, filename } = group.value as { kind: BlocklistKind; username: string; filename: string };
  const errors: ValidationErrors = {};
  if (kind !== 'file' && !username.trim()) errors['username'] = true;
  if (kind !== 'user' && !filename.trim()) errors['filename'] = true;
  return Object.keys(errors).length ? errors : null;
}

/** Blocklist management: what the engine will never download, why, and until when. */
@Component({
  selector: 'ss-blocklist-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, DatePipe, Pager, StatusBadge],
  styles: `.break { overflow-wrap: anywhere; }`,
  template: `
    <section class="card" aria-labelledby="blocklist-add-heading">
      <h2 id="blocklist-add-heading">Block a peer or a file</h2>
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="blocklist-form">
        <div class="field">
          <label for="bl-kind">What to block</label>
          <select id="bl-kind" formControlName="kind" data-testid="blocklist-kind">
            @for (k of kinds; track k) { <option [value]="k">{{ kindLabels[k] }}</option> }
          </select>
        </div>
        @if (form.controls.kind.value !== 'file') {
          <div class="field">
            <label for="bl-user">Peer (Soulseek user name)</label>
            <input id="bl-user" formControlName="username" autocomplete="off" data-testid="blocklist-username" [attr.aria-invalid]="show('username')"
              aria-describedby="bl-user-error" />
            <p id="bl-user-error" class="field__error" [hidden]="!show('username')">Enter the peer's user name.</p>
          </div>
        }
        @if (form.controls.kind.value !== 'user') {
          <div class="field">
            <label for="bl-file">File</label>
            <input id="bl-file" class="mono" formControlName="filename" autocomplete="off" data-testid="blocklist-filename" [attr.aria-invalid]="show('filename')"
              aria-describedby="bl-file-hint bl-file-error" />
            <p id="bl-file-hint" class="field__hint">{{ form.controls.kind.value === 'file' ? 'The bare file name, matched on every peer.' : 'The full remote path as the peer shares it.' }}</p>
            <p id="bl-file-error" class="field__error" [hidden]="!show('filename')">Enter the file.</p>
          </div>
        }
        <div class="field">
          <label for="bl-reason">Reason <span class="muted">(optional)</span></label>
          <input id="bl-reason" formControlName="reason" data-testid="blocklist-reason" />
        </div>
        <div class="field">
          <label for="bl-days">Expires after (days) <span class="muted">(optional)</span></label>
          <input id="bl-days" type="number" min="1" max="3650" step="1" formControlName="expiresInDays" data-testid="blocklist-days"
            [attr.aria-invalid]="show('expiresInDays')" aria-describedby="bl-days-hint bl-days-error" />
          <p id="bl-days-hint" class="field__hint">Leave empty to block for good.</p>
          <p id="bl-days-error" class="field__error" [hidden]="!show('expiresInDays')">A whole number of days from 1 to 3650.</p>
        </div>
        @if (formError(); as message) {
          <p class="alert alert--error" role="alert" data-testid="blocklist-error">{{ message }}</p>
        }
        <div class="form__actions">
          <button type="submit" class="button button--primary" [disabled]="busy()" data-testid="blocklist-submit">{{ busy() ? 'Adding…' : 'Add to blocklist' }}</button>
        </div>
      </form>
    </section>

    <section class="card" aria-labelledby="blocklist-heading">
      <h2 id="blocklist-heading">Blocklist</h2>
      <div class="table-wrap" [attr.aria-busy]="loading()">
        <table class="table" data-testid="blocklist-table">
          <caption class="visually-hidden">Blocked peers and files</caption>
          <thead>
            <tr><th scope="col">Blocked</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            @for (e of page()?.items ?? []; track e.id) {
              <tr [attr.data-testid]="'blocklist-row-' + e.id">
                <th scope="row">
                  <span class="muted small">{{ kindLabels[e.kind] }}</span><br />
                  @if (e.username) { <strong>{{ e.username }}</strong> }
                  @if (e.filename) { <br /><span class="mono small break">{{ e.filename }}</span> }
                </th>
                <td class="small">
                  <ss-status-badge [tone]="e.source === 'auto' ? 'warn' : 'neutral'">{{ e.source === 'auto' ? 'automatic' : 'by hand' }}</ss-status-badge>
                  {{ e.reason ?? '' }}
                  <br /><span class="muted">since {{ e.createdAt | date: 'short' }}</span>
                </td>
                <td class="small">{{ e.expiresAt ? (e.expiresAt | date: 'short') : 'never' }}</td>
                <td class="actions">
                  <button type="button" class="button button--small button--danger-outline" (click)="remove(e)"
                    [attr.data-testid]="'blocklist-remove-' + e.id" [attr.aria-label]="'Unblock ' + describe(e)">Unblock</button>
                </td>
              </tr>
            } @empty {
              @if (loadError(); as message) {
                <tr><td colspan="4" class="text-danger" role="alert" data-testid="blocklist-load-error">The blocklist could not be loaded: {{ message }}</td></tr>
              } @else {
                <tr><td colspan="4" class="muted" data-testid="blocklist-empty">{{ loading() ? 'Loading…' : 'Nothing is blocked.' }}</td></tr>
              }
            }
          </tbody>
        </table>
      </div>
      @if (page(); as p) {
        @if (p.total > p.pageSize) {
          <ss-pager [page]="p.page" [pageSize]="p.pageSize" [total]="p.total" (pageChange)="load($event)" />
        }
      }
    </section>
  `,
})
export class BlocklistPanel implements OnInit {
  private readonly api = inject(BlocklistApi);
  private readonly notifications = inject(NotificationService);
  protected readonly kinds = BLOCKLIST_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly page = signal<Page<BlocklistEntry> | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      kind: ['user' as BlocklistKind],
      username: ['', [Validators.maxLength(300)]],
      filename: ['', [Validators.maxLength(1000)]],
      reason: ['', [Validators.maxLength(500)]],
      expiresInDays: [null as number | null, [Validators.min(1), Validators.max(3650), Validators.pattern(/^\d+$/)]],
    },
    { validators: entryComplete },
  );

  ngOnInit(): void {
    this.load(1);
  }

  load(pageNumber = this.page()?.page ?? 1): void {
    this.loading.set(true);
    this.api.list(pageNumber, PAGE_SIZE).subscribe({
      next: (p) => {
        this.page.set(p);
        this.loadError.set(null);
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.loadError.set(errorMessage(e));
        this.loading.set(false);
      },
    });
  }

  protected show(name: 'username' | 'filename' | 'expiresInDays'): boolean {
    const control = this.form.controls[name];
    const invalid = name === 'expiresInDays' ? control.invalid : Boolean(this.form.errors?.[name]);
    return invalid && (control.touched || this.submitted());
  }

  protected submit(): void {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) {
      this.formError.set(null);
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateBlocklistEntryRequest = { kind: v.kind };
    if (v.kind !== 'file') body.username = v.username.trim();
    if (v.kind !== 'user') body.filename = v.filename.trim();
    if (v.reason.trim()) body.reason = v.reason.trim();
    if (v.expiresInDays !== null && `${v.expiresInDays}` !== '') body.expiresInDays = Number(v.expiresInDays);
    this.busy.set(true);
    this.formError.set(null);
    this.api.create(body).subscribe({
      next: (entry) => {
        this.busy.set(false);
        this.submitted.set(false);
        this.form.reset({ kind: v.kind, username: '', filename: '', reason: '', expiresInDays: null });
        this.notifications.success(`Blocked ${this.describe(entry)}.`);
        this.load(1);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.formError.set(e instanceof ApiError && e.fieldErrors.length ? e.fieldErrors.join(' ') : errorMessage(e));
      },
    });
  }

  protected remove(e: BlocklistEntry): void {
    if (!confirm(`Unblock ${this.describe(e)}? The engine may download from it again.`)) return;
    this.api.remove(e.id).subscribe(() => {
      this.notifications.success(`Unblocked ${this.describe(e)}.`);
      this.load();
    });
  }

  protected describe(e: BlocklistEntry): string {
    if (e.kind === 'user') return `peer ${e.username}`;
    if (e.kind === 'file') return `file ${e.filename}`;
    return `${e.filename} from ${e.username}`;
  }
}
