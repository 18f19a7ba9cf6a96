import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JobQueue } from '@soulspot/api/core';
import { JobOutcomeStore } from '../system/job-outcome.store';

/** Prometheus metrics of the api process plus queue and job figures read from Redis at scrape time. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(jobs: JobQueue, outcomes: JobOutcomeStore) {
    collectDefaultMetrics({ register: this.registry, prefix: 'soulspot_api_' });
    this.httpDuration = new Histogram({
      name: 'soulspot_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    new Gauge({
      name: 'soulspot_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of await jobs.counts()) {
          for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed'] as const) this.set({ queue: q.name, state }, q[state]);
        }
      },
    });
    new Counter({
      name: 'soulspot_jobs_total',
      help: 'Finished job attempts by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const o of await outcomes.all()) this.inc({ queue: o.queue, name: o.name, outcome: o.outcome }, o.count);
      },
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }
}
