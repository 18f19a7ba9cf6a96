import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  JobState,
  LivenessResponse,
  Page,
  QueueCounts,
  QueueJobSummary,
  ReadinessResponse,
  SelfCheckRun,
  SystemInfo,
} from '@soulspot/shared/contracts';
import { catchError, type Observable, of, throwError } from 'rxjs';
import { ApiError } from '../core/api-error';
import { NOTIFY_ERRORS } from '../core/http-context';

function isReadiness(body: unknown): body is ReadinessResponse {
  return typeof body === 'object' && body !== null && Array.isArray((body as ReadinessResponse).checks);
}

function queuePath(name: string): string {
  return `/api/system/queues/${encodeURIComponent(name)}`;
}

@Injectable({ providedIn: 'root' })
export class SystemApi {
  private readonly http = inject(HttpClient);

  live(): Observable<LivenessResponse> {
    return this.http.get<LivenessResponse>('/api/health/live');
  }

  /**
   * "Not ready" is usually answered with 503 and the same body; that is a result to display,
   * not an error to toast.
   */
  ready(): Observable<ReadinessResponse> {
    return this.http
      .get<ReadinessResponse>('/api/health/ready', { context: new HttpContext().set(NOTIFY_ERRORS, false) })
      .pipe(
        catchError((error: unknown) =>
          error instanceof ApiError && isReadiness(error.body) ? of(error.body) : throwError(() => error),
        ),
      );
  }

  info(): Observable<SystemInfo> {
    return this.http.get<SystemInfo>('/api/system');
  }

  queues(): Observable<QueueCounts[]> {
    return this.http.get<QueueCounts[]>('/api/system/queues');
  }

  jobs(queue: string, state: JobState, page: number, pageSize: number): Observable<Page<QueueJobSummary>> {
    const params = new HttpParams().set('state', state).set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<QueueJobSummary>>(`${queuePath(queue)}/jobs`, { params });
  }

  retryJob(queue: string, jobId: string): Observable<void> {
    return this.http.post<void>(`${queuePath(queue)}/jobs/${encodeURIComponent(jobId)}/retry`, null);
  }

  removeJob(queue: string, jobId: string): Observable<void> {
    return this.http.delete<void>(`${queuePath(queue)}/jobs/${encodeURIComponent(jobId)}`);
  }

  pauseQueue(queue: string): Observable<void> {
    return this.http.post<void>(`${queuePath(queue)}/pause`, null);
  }

  resumeQueue(queue: string): Observable<void> {
    return this.http.post<void>(`${queuePath(queue)}/resume`, null);
  }

  runSelfCheck(): Observable<SelfCheckRun> {
    return this.http.post<SelfCheckRun>('/api/system/self-check', null);
  }

  /** Latest first. */
  selfChecks(): Observable<SelfCheckRun[]> {
    return this.http.get<SelfCheckRun[]>('/api/system/self-check');
  }
}
