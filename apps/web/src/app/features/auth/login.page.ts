import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { ApiError, errorMessage } from '../../core/api-error';
import { safeReturnUrl } from '../../core/auth.guard';
import { AuthService } from '../../core/auth.service';

@Component({
  selector: 'ss-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <main class="auth-page">
      <div class="auth-card card">
        <div class="brand brand--large"><span class="brand__logo" aria-hidden="true">◐</span> SoulSpot</div>
        <h1>Sign in</h1>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate data-testid="login-form" class="form">
          <div class="field">
            <label for="login-username">Username</label>
            <input id="login-username" formControlName="username" autocomplete="username" required
              [attr.aria-invalid]="showError('username')" aria-describedby="login-username-error" data-testid="login-username" />
            <p id="login-username-error" class="field__error" [hidden]="!showError('username')">Enter your username.</p>
          </div>
          <div class="field">
            <label for="login-password">Password</label>
            <input id="login-password" type="password" formControlName="password" autocomplete="current-password" required
              [attr.aria-invalid]="showError('password')" aria-describedby="login-password-error" data-testid="login-password" />
            <p id="login-password-error" class="field__error" [hidden]="!showError('password')">Enter your password.</p>
          </div>
          @if (error(); as message) {
            <p class="alert alert--error" role="alert" data-testid="login-error">{{ message }}</p>
          }
          <button type="submit" class="button button--primary button--block" [disabled]="busy()" data-testid="login-submit">
            {{ busy() ? 'Signing in…' : 'Sign in' }}
          </button>
        </form>
      </div>
    </main>
  `,
})
export class LoginPage {
  /** Bound from the query string by the router. */
  readonly returnUrl = input<string>();

  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });

  protected showError(name: 'username' | 'password'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { username, password } = this.form.getRawValue();
      await this.auth.login({ username: username.trim(), password });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.error.set(
        error instanceof ApiError && error.status === 401 ? 'Wrong username or password.' : errorMessage(error),
      );
      this.form.controls.password.reset();
    } finally {
      this.busy.set(false);
    }
  }
}
