import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateSoulseekSearchRequest,
  Page,
  SlskdSettings,
  SlskdTestConnectionResponse,
  SoulseekCandidate,
  SoulseekSearch,
  SoulseekSearchBudget,
  SoulseekSearchDetail,
  UpdateSlskdSettingsRequest,
} from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

/** slskd connection settings and interactive Soulseek searches. */
@Injectable({ providedIn: 'root' })
export class SoulseekApi {
  private readonly http = inject(HttpClient);

  settings(): Observable<SlskdSettings> {
    return this.http.get<SlskdSettings>('/api/settings/slskd');
  }

  /** Validation errors come back as `ApiError.fieldErrors`; the form shows them. */
  updateSettings(body: UpdateSlskdSettingsRequest): Observable<SlskdSettings> {
    return this.http.put<SlskdSettings>('/api/settings/slskd', body, { context: inlineErrors() });
  }

  /** A wrong key (422) or an unreachable slskd (503) is shown inline by the card, not as a toast. */
  testConnection(): Observable<SlskdTestConnectionResponse> {
    return this.http.post<SlskdTestConnectionResponse>('/api/soulseek/test-connection', {}, { context: inlineErrors() });
  }

  budget(): Observable<SoulseekSearchBudget> {
    return this.http.get<SoulseekSearchBudget>('/api/soulseek/search-budget');
  }

  createSearch(body: CreateSoulseekSearchRequest): Observable<SoulseekSearch> {
    return this.http.post<SoulseekSearch>('/api/soulseek/searches', body, { context: inlineErrors() });
  }

  searches(page = 1, pageSize = 10): Observable<Page<SoulseekSearch>> {
    return this.http.get<Page<SoulseekSearch>>('/api/soulseek/searches', { params: new HttpParams().set('page', page).set('pageSize', pageSize) });
  }

  search(id: string): Observable<SoulseekSearchDetail> {
    return this.http.get<SoulseekSearchDetail>(`/api/soulseek/searches/${encodeURIComponent(id)}`);
  }

  candidates(id: string, accepted: boolean, page: number, pageSize: number): Observable<Page<SoulseekCandidate>> {
    return this.http.get<Page<SoulseekCandidate>>(`/api/soulseek/searches/${encodeURIComponent(id)}/candidates`, {
      params: new HttpParams().set('accepted', accepted).set('page', page).set('pageSize', pageSize),
    });
  }
}
