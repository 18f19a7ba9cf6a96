import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateQualityProfileRequest, QualityProfileView, UpdateQualityProfileRequest } from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

/** Quality profiles: the read-only built-ins and the user's own; one is the default. */
@Injectable({ providedIn: 'root' })
export class QualityProfilesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<QualityProfileView[]> {
    return this.http.get<QualityProfileView[]>('/api/quality-profiles');
  }

  /** Validation errors come back as `ApiError.fieldErrors`; the form shows them. */
  create(body: CreateQualityProfileRequest): Observable<QualityProfileView> {
    return this.http.post<QualityProfileView>('/api/quality-profiles', body, { context: inlineErrors() });
  }

  update(id: string, body: UpdateQualityProfileRequest): Observable<QualityProfileView> {
    return this.http.put<QualityProfileView>(`/api/quality-profiles/${encodeURIComponent(id)}`, body, { context: inlineErrors() });
  }

  /** A 409 (the default profile) comes back inline: the card explains the way out. */
  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/quality-profiles/${encodeURIComponent(id)}`, { context: inlineErrors() });
  }

  setDefault(id: string): Observable<QualityProfileView> {
    return this.http.post<QualityProfileView>(`/api/quality-profiles/${encodeURIComponent(id)}/default`, {});
  }
}
