import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SpotifyConnection, SpotifyConnectResponse, UpdateSpotifySettingsRequest } from '@soulspot/shared/contracts';
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
}
