import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateImportRequest,
  ImportRecord,
  ImportSettings,
  ImportStatus,
  NamingPreviewResponse,
  Page,
  UpdateImportSettingsRequest,
} from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';

/** Imports into the library and the import settings section. */
@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  list(page: number, pageSize: number, status?: ImportStatus): Observable<Page<ImportRecord>> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (status) params = params.set('status', status);
    return this.http.get<Page<ImportRecord>>('/api/imports', { params });
  }

  create(request: CreateImportRequest): Observable<ImportRecord> {
    return this.http.post<ImportRecord>('/api/imports', request);
  }

  retry(id: string): Observable<ImportRecord> {
    return this.http.post<ImportRecord>(`/api/imports/${encodeURIComponent(id)}/retry`, {});
  }

  settings(): Observable<ImportSettings> {
    return this.http.get<ImportSettings>('/api/settings/import');
  }

  updateSettings(patch: UpdateImportSettingsRequest): Observable<ImportSettings> {
    return this.http.put<ImportSettings>('/api/settings/import', patch);
  }

  previewTemplate(template: string): Observable<NamingPreviewResponse> {
    return this.http.post<NamingPreviewResponse>('/api/import/naming-preview', { template });
  }
}
