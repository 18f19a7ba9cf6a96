import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** Mirrors the server rule so the user hears about it before submitting. */
export const MIN_PASSWORD_LENGTH = 10;

/** Group validator: `confirm` must equal `password` (control names given). */
export function matchingPasswords(passwordKey: string, confirmKey: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const password = group.get(passwordKey)?.value as string | undefined;
    const confirm = group.get(confirmKey)?.value as string | undefined;
    return confirm && password !== confirm ? { mismatch: true } : null;
  };
}
