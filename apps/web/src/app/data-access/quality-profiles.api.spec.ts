import { HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CreateQualityProfileRequest, QualityProfileView } from '@soulspot/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { ApiError } from '../core/api-error';
import { apiInterceptor } from '../core/api.interceptor';
import { NOTIFY_ERRORS } from '../core/http-context';
import { QualityProfilesApi } from './quality-profiles.api';

const body: CreateQualityProfileRequest = { name: 'MP3', allowedFormats: ['mp3'], minBitrate: 256, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [] };
const view = { ...body, id: 'p/1', builtIn: false, isDefault: false, maxBitrate: null, maxBitDepth: null, maxSampleRate: null, minSizeMb: null, maxSizeMb: null, minBitrate: 256 } satisfies QualityProfileView;
const notifies = (c: HttpContext) => c.get(NOTIFY_ERRORS);

describe('QualityProfilesApi', () => {
  let api: QualityProfilesApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(withInterceptors([apiInterceptor])), provideHttpClientTesting()],
    });
    api = TestBed.inject(QualityProfilesApi);
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  it('lists, creates, updates, deletes and sets the default with the right method, URL and body', async () => {
    const list = firstValueFrom(api.list());
    const get = backend.expectOne('/api/quality-profiles');
    expect(get.request.method).toBe('GET');
    get.flush([view]);
    expect(await list).toEqual([view]);

    const created = firstValueFrom(api.create(body));
    const post = backend.expectOne('/api/quality-profiles');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual(body);
    expect(notifies(post.request.context)).toBe(false); // the form shows the errors
    post.flush(view);
    expect(await created).toEqual(view);

    // Ids are escaped into the path.
    void firstValueFrom(api.update('p/1', body));
    const put = backend.expectOne('/api/quality-profiles/p%2F1');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual(body);
    put.flush(view);

    void firstValueFrom(api.setDefault('balanced'));
    const def = backend.expectOne('/api/quality-profiles/balanced/default');
    expect(def.request.method).toBe('POST');
    def.flush({ ...view, id: 'balanced', isDefault: true });

    const removed = firstValueFrom(api.remove('p/1'));
    const del = backend.expectOne('/api/quality-profiles/p%2F1');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await removed;
  });

  it('a delete of the default rejects with the server’s 409 message, shown inline', async () => {
    const removed = firstValueFrom(api.remove('p1'));
    const del = backend.expectOne('/api/quality-profiles/p1');
    expect(notifies(del.request.context)).toBe(false);
    const message = '"MP3" is the default quality profile: make another profile the default first, then delete this one';
    del.flush({ statusCode: 409, message, correlationId: 'c1' }, { status: 409, statusText: 'Conflict' });
    const err = await removed.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, message });
  });
});
