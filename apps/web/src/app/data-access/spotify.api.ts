import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AddFromSearchRequest, AddFromSearchResponse, SpotifyConnection, SpotifyConnectResponse, SpotifySearchResponse, SpotifySearchType, UpdateSpotifySettingsRequest } from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

@Injectable({ providedIn: 'root' })
export class SpotifyApi {
  private readonly http = inject(HttpClient);

  connection(): Observable<SpotifyConnection> {
    return this.http.get<SpotifyConnection>('/api/spotify/connection');
  }

  saveSettings(body: UpdateSpotifySettingsRequest): Observable<SpotifyConnection> {
    return this.http.put<SpotifyConnection>('/api/spotify/settings', body, { context: inlineErrors() });
  }

  connect(): Observable<SpotifyConnectResponse> {
    return this.http.post<SpotifyConnectResponse>('/api/spotify/connect', null);
  }

  disconnect(): Observable<void> {
    return this.http.delete<void>('/api/spotify/connection');
  }

  /** 10 per page; a 409 (not connected / reconnect) is shown by the page, not as a toast. */
  search(q: string, type: SpotifySearchType, page: number): Observable<SpotifySearchResponse> {
    const params = new HttpParams().set('q', q).set('type', type).set('page', page);
    return this.http.get<SpotifySearchResponse>('/api/spotify/search', { params, context: inlineErrors() });
  }

  want(body: AddFromSearchRequest): Observable<AddFromSearchResponse> {
    return this.http.post<AddFromSearchResponse>('/api/spotify/search/want', body);
  }
}
