import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { BlocklistEntry, CreateBlocklistEntryRequest, Page } from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

/** Peers, files and peer+file pairs the download engine must never use (by hand or automatic). */
@Injectable({ providedIn: 'root' })
export class BlocklistApi {
  private readonly http = inject(HttpClient);

  list(page = 1, pageSize = 50): Observable<Page<BlocklistEntry>> {
    return this.http.get<Page<BlocklistEntry>>('/api/blocklist', { params: new HttpParams().set('page', page).set('pageSize', pageSize) });
  }

  /** Validation errors come back as `ApiError.fieldErrors`; the form shows them. */
  create(body: CreateBlocklistEntryRequest): Observable<BlocklistEntry> {
    return this.http.post<BlocklistEntry>('/api/blocklist', body, { context: inlineErrors() });
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/blocklist/${encodeURIComponent(id)}`);
  }
}
