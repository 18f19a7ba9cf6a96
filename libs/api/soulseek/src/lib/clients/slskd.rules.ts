import type { SlskdTransfer } from './slskd.types';

/** How long an errored 0.26 transfer may sit unchanged before we stop waiting for its retry (max back-off 60 s + jitter). */
export const SLSKD_RETRY_QUIET_MS = 70_000;

/**
 * Whether a download has failed for good (contract §4.5). Under 0.26 `Completed, Errored`/`TimedOut` may
 * still flip back to `Queued, Locally`, so those only count as final once slskd's attempts are used up or
 * the record has not changed for `SLSKD_RETRY_QUIET_MS`.
 */
export function isTransferDefinitelyFailed(
  transfer: SlskdTransfer,
  context: { retryAttempts?: number; unchangedForMs?: number } = {},
): boolean {
  if (!transfer.isCompleted || transfer.isSucceeded) return false;
  if (transfer.isHardFailure) return true;
  const retryAttempts = context.retryAttempts ?? 0;
  if (retryAttempts <= 0) return true;
  if ((transfer.attempts ?? 0) >= retryAttempts) return true;
  return (context.unchangedForMs ?? 0) > SLSKD_RETRY_QUIET_MS;
}

/** slskd marks downloads interrupted by its own restart this way and re-enqueues them under new ids. */
export function isInterruptedByRestart(transfer: SlskdTransfer): boolean {
  return transfer.isCompleted && !transfer.isSucceeded && /application shut ?down/i.test(transfer.exception ?? '');
}
