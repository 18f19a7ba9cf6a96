import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { GeneralSettings, UpdateGeneralSettingsRequest } from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly http = inject(HttpClient);

  general(): Observable<GeneralSettings> {
    return this.http.get<GeneralSettings>('/api/settings/general');
  }

  /** Validation errors come back as `ApiError.fieldErrors`; the form shows them. */
  updateGeneral(body: UpdateGeneralSettingsRequest): Observable<GeneralSettings> {
    return this.http.patch<GeneralSettings>('/api/settings/general', body, { context: inlineErrors() });
  }
}
