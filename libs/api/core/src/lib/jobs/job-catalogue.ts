/**
 * The one typed catalogue of background work. Producers call `jobQueue.enqueue({ name, data })`;
 * payloads carry ids only, and handlers re-read the row (idempotent).
 */
export enum QueueName {
  System = 'system',
}

export enum JobName {
  /** Example job wired end to end: the worker checks database, Redis and folders. */
  SystemSelfCheck = 'system-self-check',
  /** Periodic clean-up of expired sessions and old self-check runs. */
  SystemHousekeeping = 'system-housekeeping',
}

export type JobItem =
  | { name: JobName.SystemSelfCheck; data: { runId: string } }
  | { name: JobName.SystemHousekeeping; data: Record<string, never> };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>['data'];

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SystemSelfCheck]: QueueName.System,
  [JobName.SystemHousekeeping]: QueueName.System,
};

export interface QueueDefaults {
  attempts: number;
  backoffMs: number;
  concurrency: number;
  /** How many finished jobs BullMQ keeps for the Queues page. */
  keepCompleted: number;
  keepFailed: number;
}

export const QUEUE_DEFAULTS: Record<QueueName, QueueDefaults> = {
  [QueueName.System]: { attempts: 3, backoffMs: 2_000, concurrency: 2, keepCompleted: 200, keepFailed: 500 },
};

/** BullMQ rejects ':' in custom job ids, so ids are `${name}-${entityId}`. */
export function jobId(name: JobName, entityId: string): string {
  return `${name}-${entityId}`.replace(/:/g, '-');
}

/** The key an item is de-duplicated by; undefined means "always a new job". */
export function jobEntityId(item: JobItem): string | undefined {
  switch (item.name) {
    case JobName.SystemSelfCheck:
      return item.data.runId;
    case JobName.SystemHousekeeping:
      return undefined;
  }
}
