import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { type FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ApiError, errorMessage } from '../../core/api-error';
import { AuthApi } from '../../data-access/auth.api';
import { matchingPasswords, MIN_PASSWORD_LENGTH } from '../auth/password-rules';

/** Framework-level summaries that say less than the field errors behind them. */
const GENERIC_MESSAGE = /^(validation failed|bad request)$/i;

@Component({
  selector: 'ss-password-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form [formGroup]="form" (ngSubmit)="submit(formDir)" #formDir="ngForm" novalidate class="form" data-testid="password-form">
        <div class="field">
          <label for="pw-current">Current password</label>
          <input id="pw-current" type="password" formControlName="currentPassword" autocomplete="current-password"
            [attr.aria-invalid]="show('currentPassword')" aria-describedby="pw-current-error" data-testid="password-current" />
          <p id="pw-current-error" class="field__error" [hidden]="!show('currentPassword')" data-testid="password-current-error">
            Enter your current password.
          </p>
        </div>
        <div class="field">
          <label for="pw-new">New password</label>
          <input id="pw-new" type="password" formControlName="newPassword" autocomplete="new-password"
            [attr.aria-invalid]="show('newPassword')" aria-describedby="pw-new-hint pw-new-error" data-testid="password-new" />
          <p id="pw-new-hint" class="field__hint">At least {{ minLength }} characters.</p>
          <p id="pw-new-error" class="field__error" [hidden]="!show('newPassword')" data-testid="password-new-error">
            The new password needs at least {{ minLength }} characters.
          </p>
        </div>
        <div class="field">
          <label for="pw-confirm">Repeat new password</label>
          <input id="pw-confirm" type="password" formControlName="confirm" autocomplete="new-password"
            [attr.aria-invalid]="showMismatch()" aria-describedby="pw-confirm-error" data-testid="password-confirm" />
          <p id="pw-confirm-error" class="field__error" [hidden]="!showMismatch()" data-testid="password-confirm-error">{{ form.controls.confirm.value ? 'The passwords do not match.' : 'Repeat the password.' }}</p>
        </div>
        @if (error(); as message) {
          <p class="alert alert--error" role="alert" data-testid="password-error">{{ message }}</p>
        }
        @if (success()) {
          <p class="alert alert--success" role="status" data-testid="password-success">Password changed.</p>
        }
        <div class="form__actions">
          <button type="submit" class="button button--primary" [disabled]="busy()" data-testid="password-submit">
            {{ busy() ? 'Saving…' : 'Change password' }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class PasswordForm {
  private readonly api = inject(AuthApi);
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly success = signal(false);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', [Validators.required]],
      newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
      confirm: ['', [Validators.required]],
    },
    { validators: matchingPasswords('newPassword', 'confirm') },
  );

  protected show(name: 'currentPassword' | 'newPassword'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected showMismatch(): boolean {
    const confirm = this.form.controls.confirm;
    return (this.form.hasError('mismatch') || confirm.invalid) && (confirm.touched || this.submitted());
  }

  protected submit(formDir: FormGroupDirective): void {
    this.submitted.set(true);
    this.success.set(false);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.api.changePassword({ currentPassword, newPassword }).subscribe({
      next: () => {
        this.busy.set(false);
        this.success.set(true);
        this.submitted.set(false);
        formDir.resetForm();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(this.describe(error));
      },
    });
  }

  private describe(error: unknown): string {
    if (error instanceof ApiError) {
      // The api answers a wrong current password with 400; a 401 would mean the same from older servers.
      if (error.status === 401) return 'The current password is wrong.';
      if (error.fieldErrors.length && GENERIC_MESSAGE.test(error.message)) return error.fieldErrors.join(' ');
    }
    return errorMessage(error);
  }
}
