import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { errorMessage } from '../../core/api-error';
import { AuthService } from '../../core/auth.service';
import { matchingPasswords, MIN_PASSWORD_LENGTH } from './password-rules';

@Component({
  selector: 'ss-onboarding-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <main class="auth-page">
      <div class="auth-card card">
        <div class="brand brand--large"><span class="brand__logo" aria-hidden="true">◐</span> SoulSpot</div>
        <h1>Welcome</h1>
        <p class="muted">
          This is the first start. Create the administrator account that will sign in to this SoulSpot instance.
        </p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate data-testid="onboarding-form" class="form">
          <div class="field">
            <label for="onb-username">Username</label>
            <input id="onb-username" formControlName="username" autocomplete="username" required
              [attr.aria-invalid]="showError('username')" aria-describedby="onb-username-error" data-testid="onboarding-username" />
            <p id="onb-username-error" class="field__error" [hidden]="!showError('username')">Choose a username.</p>
          </div>
          <div class="field">
            <label for="onb-password">Password</label>
            <input id="onb-password" type="password" formControlName="password" autocomplete="new-password" required
              [attr.aria-invalid]="showError('password')" aria-describedby="onb-password-hint onb-password-error" data-testid="onboarding-password" />
            <p id="onb-password-hint" class="field__hint">At least {{ minLength }} characters.</p>
            <p id="onb-password-error" class="field__error" [hidden]="!showError('password')">
              The password needs at least {{ minLength }} characters.
            </p>
          </div>
          <div class="field">
            <label for="onb-confirm">Repeat password</label>
            <input id="onb-confirm" type="password" formControlName="confirm" autocomplete="new-password" required
              [attr.aria-invalid]="showMismatch()" aria-describedby="onb-confirm-error" data-testid="onboarding-password-confirm" />
            <p id="onb-confirm-error" class="field__error" [hidden]="!showMismatch()">{{ form.controls.confirm.value ? 'The passwords do not match.' : 'Repeat the password.' }}</p>
          </div>
          @if (error(); as message) {
            <p class="alert alert--error" role="alert" data-testid="onboarding-error">{{ message }}</p>
          }
          <button type="submit" class="button button--primary button--block" [disabled]="busy()" data-testid="onboarding-submit">
            {{ busy() ? 'Creating account…' : 'Create account and sign in' }}
          </button>
        </form>
      </div>
    </main>
  `,
})
export class OnboardingPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      username: ['', [Validators.required]],
      password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
      confirm: ['', [Validators.required]],
    },
    { validators: matchingPasswords('password', 'confirm') },
  );

  protected showError(name: 'username' | 'password'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected showMismatch(): boolean {
    const confirm = this.form.controls.confirm;
    return (this.form.hasError('mismatch') || confirm.invalid) && (confirm.touched || this.submitted());
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { username, password } = this.form.getRawValue();
      await this.auth.onboard({ username: username.trim(), password });
      await this.router.navigateByUrl('/dashboard');
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
