export type HealthStatus = 'ok' | 'error';

export interface HealthCheck {
  name: 'database' | 'redis' | 'worker';
  status: HealthStatus;
  detail?: string;
  latencyMs?: number;
}

export interface LivenessResponse {
  status: 'ok';
}

export interface ReadinessResponse {
  status: HealthStatus;
  checks: HealthCheck[];
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'paused' | 'prioritized' | 'waiting-children';

export interface QueueCounts {
  name: string;
  paused: boolean;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface QueueJobSummary {
  id: string;
  name: string;
  state: JobState | 'unknown';
  attemptsMade: number;
  createdAt: string;
  processedAt: string | null;
  finishedAt: string | null;
  failedReason: string | null;
  data: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SystemInfo {
  version: string;
  nodeVersion: string;
  postgresVersion: string | null;
  redisVersion: string | null;
  databaseMode: 'embedded' | 'external';
  uptimeSeconds: number;
  worker: { lastHeartbeatAt: string | null; alive: boolean; pid: number | null; version: string | null };
  queues: QueueCounts[];
}

export type SelfCheckStatus = 'queued' | 'running' | 'passed' | 'failed';

export interface SelfCheckStep {
  name: string;
  ok: boolean;
  detail: string;
  durationMs: number;
}

/** The example job wired end to end: the worker checks database, Redis, disk and folders. */
export interface SelfCheckRun {
  id: string;
  status: SelfCheckStatus;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: SelfCheckStep[];
}
