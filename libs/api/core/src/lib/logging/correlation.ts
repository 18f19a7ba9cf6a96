import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface LogContext {
  correlationId: string;
  /** Extra fields every log line in this context carries, e.g. queue and job id. */
  fields?: Record<string, string | number>;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with a correlation id that every log line (and error body) inside it carries. */
export function runWithCorrelation<T>(ctx: Partial<LogContext>, fn: () => T): T {
  return storage.run({ correlationId: ctx.correlationId ?? randomUUID(), fields: ctx.fields }, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
