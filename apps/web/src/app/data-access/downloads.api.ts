import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateDownloadsRequest,
  CreateDownloadsResponse,
  Download,
  DownloadAction,
  DownloadBatchRequest,
  DownloadBatchResponse,
  DownloadDetail,
  DownloadQueueStatus,
  DownloadSettings,
  DownloadState,
  Page,
  ReorderDownloadRequest,
  UpdateDownloadSettingsRequest,
} from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

export interface DownloadListQuery {
  /** Empty or omitted: every state (unfinished first, then history). */
  states?: readonly DownloadState[];
  q?: string;
  page?: number;
  pageSize?: number;
}

function downloadPath(id: string): string {
  return `/api/downloads/${encodeURIComponent(id)}`;
}

/** The download queue: list, live status, per-item and batch actions, reorder, queue pause, settings. */
@Injectable({ providedIn: 'root' })
export class DownloadsApi {
  private readonly http = inject(HttpClient);

  list(query: DownloadListQuery = {}): Observable<Page<Download>> {
    let params = new HttpParams().set('page', query.page ?? 1).set('pageSize', query.pageSize ?? 50);
    if (query.states?.length) params = params.set('state', query.states.join(','));
    const q = query.q?.trim();
    if (q) params = params.set('q', q);
    return this.http.get<Page<Download>>('/api/downloads', { params });
  }

  status(): Observable<DownloadQueueStatus> {
    return this.http.get<DownloadQueueStatus>('/api/downloads/status');
  }

  detail(id: string): Observable<DownloadDetail> {
    return this.http.get<DownloadDetail>(downloadPath(id));
  }

  /** Callers show the outcome (and a 409/422 message) themselves. */
  create(body: CreateDownloadsRequest): Observable<CreateDownloadsResponse> {
    return this.http.post<CreateDownloadsResponse>('/api/downloads', body, { context: inlineErrors() });
  }

  /** `remove` answers 204 (null); every other action the updated row. */
  action(id: string, action: DownloadAction): Observable<Download | null> {
    return this.http.post<Download | null>(`${downloadPath(id)}/actions/${action}`, null);
  }

  batch(body: DownloadBatchRequest): Observable<DownloadBatchResponse> {
    return this.http.post<DownloadBatchResponse>('/api/downloads/batch', body);
  }

  reorder(id: string, body: ReorderDownloadRequest): Observable<Download> {
    return this.http.post<Download>(`${downloadPath(id)}/reorder`, body);
  }

  pauseQueue(): Observable<DownloadQueueStatus> {
    return this.http.post<DownloadQueueStatus>('/api/downloads/queue/pause', null);
  }

  resumeQueue(): Observable<DownloadQueueStatus> {
    return this.http.post<DownloadQueueStatus>('/api/downloads/queue/resume', null);
  }

  /** History clean-up: removes finished rows in the given states (never files). */
  clearFinished(states: readonly DownloadState[]): Observable<{ removed: number }> {
    return this.http.post<{ removed: number }>('/api/downloads/clear-finished', null, { params: new HttpParams().set('state', states.join(',')) });
  }

  settings(): Observable<DownloadSettings> {
    return this.http.get<DownloadSettings>('/api/settings/downloads');
  }

  /** Validation errors come back as `ApiError.fieldErrors`; the form shows them. */
  updateSettings(body: UpdateDownloadSettingsRequest): Observable<DownloadSettings> {
    return this.http.put<DownloadSettings>('/api/settings/downloads', body, { context: inlineErrors() });
  }
}
