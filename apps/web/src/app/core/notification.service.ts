import { Injectable, signal } from '@angular/core';

export type NotificationKind = 'error' | 'success' | 'info';

export interface AppNotification {
  id: number;
  kind: NotificationKind;
  text: string;
}

/** Errors stay longer: they usually need reading twice. */
const DISMISS_AFTER_MS: Record<NotificationKind, number> = { error: 10_000, success: 5_000, info: 5_000 };
const MAX_VISIBLE = 4;

@Injectable({ providedIn: 'root' })
export class NotificationService {
  private nextId = 1;
  private readonly items = signal<AppNotification[]>([]);
  readonly notifications = this.items.asReadonly();

  error(text: string): void {
    this.push('error', text);
  }

  success(text: string): void {
    this.push('success', text);
  }

  info(text: string): void {
    this.push('info', text);
  }

  dismiss(id: number): void {
    this.items.update((list) => list.filter((n) => n.id !== id));
  }

  private push(kind: NotificationKind, text: string): void {
    // The same failure from parallel requests (e.g. server down) should not stack up identical toasts.
    if (this.items().some((n) => n.kind === kind && n.text === text)) return;
    const id = this.nextId++;
    this.items.update((list) => [...list, { id, kind, text }].slice(-MAX_VISIBLE));
    setTimeout(() => this.dismiss(id), DISMISS_AFTER_MS[kind]);
  }
}
