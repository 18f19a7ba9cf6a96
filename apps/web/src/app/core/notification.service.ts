import { Injectable, signal } from '@angular/core';

export type NotificationKind = 'error' | 'success' | 'info';

/** Somewhere in the app the toast points to, e.g. "Open Downloads" → /downloads. */
export interface NotificationLink {
  /** Says where the link goes on its own (screen readers list links out of context). */
  label: string;
  /** A router path inside the app. */
  path: string;
}

export interface AppNotification {
  id: number;
  kind: NotificationKind;
  text: string;
  link?: NotificationLink;
}

/** Errors stay longer: they usually need reading twice. */
const DISMISS_AFTER_MS: Record<NotificationKind, number> = { error: 10_000, success: 5_000, info: 5_000 };
/** A toast with a link needs time to be reached (with Tab, too); it also stays while hovered or focused. */
const LINK_DISMISS_AFTER_MS = 10_000;
const MAX_VISIBLE = 4;

@Injectable({ providedIn: 'root' })
export class NotificationService {
  private nextId = 1;
  private readonly items = signal<AppNotification[]>([]);
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly notifications = this.items.asReadonly();

  error(text: string, link?: NotificationLink): void {
    this.push('error', text, link);
  }

  success(text: string, link?: NotificationLink): void {
    this.push('success', text, link);
  }

  info(text: string, link?: NotificationLink): void {
    this.push('info', text, link);
  }

  dismiss(id: number): void {
    this.clearTimer(id);
    this.items.update((list) => list.filter((n) => n.id !== id));
  }

  /** Keeps a toast while the pointer or keyboard focus is on it (nothing vanishes under the user). */
  hold(id: number): void {
    this.clearTimer(id);
  }

  /** Starts the toast's countdown again once the pointer or focus has left it. */
  release(id: number): void {
    const toast = this.items().find((n) => n.id === id);
    if (toast && !this.timers.has(id)) this.schedule(toast);
  }

  private push(kind: NotificationKind, text: string, link?: NotificationLink): void {
    // The same failure from parallel requests (e.g. server down) should not stack up identical toasts.
    if (this.items().some((n) => n.kind === kind && n.text === text)) return;
    const toast: AppNotification = link ? { id: this.nextId++, kind, text, link } : { id: this.nextId++, kind, text };
    const next = [...this.items(), toast];
    for (const dropped of next.slice(0, -MAX_VISIBLE)) this.clearTimer(dropped.id);
    this.items.set(next.slice(-MAX_VISIBLE));
    this.schedule(toast);
  }

  private schedule(toast: AppNotification): void {
    const ms = toast.link ? Math.max(LINK_DISMISS_AFTER_MS, DISMISS_AFTER_MS[toast.kind]) : DISMISS_AFTER_MS[toast.kind];
    this.timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), ms),
    );
  }

  private clearTimer(id: number): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }
}
