import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateListSourceRequest,
  DiscoverSpotifyListsResponse,
  ExportM3u8Response,
  ImportListRequest,
  ImportListResponse,
  ListSource,
  ListSourceTrack,
  Page,
  UpdateListSourceRequest,
  WantedTrack,
} from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors } from '../core/http-context';

function sourcePath(id: string): string {
  return `/api/sources/${encodeURIComponent(id)}`;
}

/** List sources (Spotify lists and imported files) and the wanted tracks they name. */
@Injectable({ providedIn: 'root' })
export class SourcesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ListSource[]> {
    return this.http.get<ListSource[]>('/api/sources');
  }

  get(id: string): Observable<ListSource> {
    return this.http.get<ListSource>(sourcePath(id));
  }

  discoverSpotify(): Observable<DiscoverSpotifyListsResponse> {
    return this.http.post<DiscoverSpotifyListsResponse>('/api/sources/spotify/discover', null);
  }

  create(body: CreateListSourceRequest): Observable<ListSource> {
    return this.http.post<ListSource>('/api/sources', body);
  }

  /** Per-line problems come back in the response (or in `ApiError.fieldErrors` when nothing was readable). */
  importList(body: ImportListRequest): Observable<ImportListResponse> {
    return this.http.post<ImportListResponse>('/api/sources/import', body, { context: inlineErrors() });
  }

  update(id: string, body: UpdateListSourceRequest): Observable<ListSource> {
    return this.http.patch<ListSource>(sourcePath(id), body);
  }

  /** The list's quality profile for its downloads; null goes back to the default. The page shows a failure inline. */
  setProfile(id: string, profile: string | null): Observable<ListSource> {
    return this.http.patch<ListSource>(sourcePath(id), { profile } satisfies UpdateListSourceRequest, { context: inlineErrors() });
  }

  sync(id: string): Observable<ListSource> {
    return this.http.post<ListSource>(`${sourcePath(id)}/sync`, null);
  }

  tracks(id: string, page: number, pageSize: number, includeRemoved = false): Observable<Page<ListSourceTrack>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize).set('includeRemoved', includeRemoved);
    return this.http.get<Page<ListSourceTrack>>(`${sourcePath(id)}/tracks`, { params });
  }

  /** Writes the list's M3U8 into the library's Playlists folder. */
  exportM3u8(id: string): Observable<ExportM3u8Response> {
    return this.http.post<ExportM3u8Response>(`${sourcePath(id)}/export-m3u8`, null);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(sourcePath(id));
  }

  setTrackExcluded(wantedTrackId: string, excluded: boolean): Observable<WantedTrack> {
    return this.http.patch<WantedTrack>(`/api/wanted-tracks/${encodeURIComponent(wantedTrackId)}`, { excluded });
  }
}
