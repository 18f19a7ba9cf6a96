import { computed, DestroyRef, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { SystemInfo } from '@soulspot/shared/contracts';
import { EventStreamService } from './event-stream.service';

/** No heartbeat for this long and the worker is shown as stale. */
export const WORKER_STALE_AFTER_MS = 60_000;
const TICK_MS = 5_000;

export interface WorkerLiveness {
  alive: Signal<boolean>;
  lastHeartbeatAt: Signal<string | null>;
  pid: Signal<number | null>;
  /** Feed the worker part of a freshly loaded SystemInfo. */
  seed(worker: SystemInfo['worker']): void;
}

/**
 * Tracks the worker from `worker.heartbeat` events. Staleness is measured with the browser's clock at
 * the time each heartbeat *arrived*, so a skewed server clock cannot make a live worker look dead.
 * Must be called in an injection context (a component field initialiser).
 */
export function trackWorkerLiveness(): WorkerLiveness {
  const events = inject(EventStreamService);
  const destroyRef = inject(DestroyRef);
  const now = signal(Date.now());
  const lastSeenLocally = signal<number | null>(null);
  const lastHeartbeatAt = signal<string | null>(null);
  const pid = signal<number | null>(null);

  const timer = setInterval(() => now.set(Date.now()), TICK_MS);
  destroyRef.onDestroy(() => clearInterval(timer));

  events
    .on('worker.heartbeat')
    .pipe(takeUntilDestroyed(destroyRef))
    .subscribe(({ payload }) => {
      lastSeenLocally.set(Date.now());
      now.set(Date.now());
      lastHeartbeatAt.set(payload.at);
      pid.set(payload.pid);
    });

  return {
    alive: computed(() => {
      const seen = lastSeenLocally();
      return seen !== null && now() - seen < WORKER_STALE_AFTER_MS;
    }),
    lastHeartbeatAt: lastHeartbeatAt.asReadonly(),
    pid: pid.asReadonly(),
    seed(worker) {
      lastHeartbeatAt.set(worker.lastHeartbeatAt);
      pid.set(worker.pid);
      // The server already judged it; count that verdict as a heartbeat seen now.
      lastSeenLocally.set(worker.alive ? Date.now() : null);
      now.set(Date.now());
    },
  };
}
