import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { QualityProfileView } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { type ProfileFormValue, QualityProfilesCard, splitList, toRequest, validateProfileForm } from './quality-profiles-card';

const none = { minBitrate: null, maxBitrate: null, maxBitDepth: null, maxSampleRate: null, minSizeMb: null, maxSizeMb: null, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [] };
const builtIns: QualityProfileView[] = [
  { ...none, id: 'lossless-preferred', name: 'Lossless preferred', builtIn: true, isDefault: false, allowedFormats: ['flac', 'mp3'] },
  { ...none, id: 'space-saver', name: 'Space saver', builtIn: true, isDefault: false, allowedFormats: ['opus', 'mp3'], maxBitrate: 320 },
];
const mine: QualityProfileView = { ...none, id: 'u1', name: 'MP3 only', builtIn: false, isDefault: true, allowedFormats: ['mp3'], minBitrate: 256, ignoredWords: ['karaoke', 'live'] };
const profiles = [...builtIns, mine];

const value = (patch: Partial<ProfileFormValue> = {}): ProfileFormValue => ({ name: 'Mine', formats: ['flac'], numbers: {}, lists: {}, ...patch });

describe('quality profile form rules', () => {
  it('splits comma lists: trimmed, no blanks, no repeats in any case', () => {
    expect(splitList(' web, WEB ,, live ,')).toEqual(['web', 'live']);
    expect(splitList('')).toEqual([]);
    expect(splitList(null)).toEqual([]);
  });

  it('accepts a minimal profile and turns it into the request', () => {
    expect(validateProfileForm(value())).toEqual({});
    expect(toRequest(value({ name: '  Mine ', numbers: { minBitrate: 256, maxSizeMb: null }, lists: { bannedUsers: 'a, b' } }))).toEqual({
      name: 'Mine', allowedFormats: ['flac'], minBitrate: 256, maxBitrate: null, maxBitDepth: null, maxSampleRate: null, minSizeMb: null, maxSizeMb: null,
      requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: ['a', 'b'],
    });
  });

  it('reports a missing name, no formats, out-of-range, fractional and crossed limits, long lists', () => {
    const errors = validateProfileForm(value({
      name: '  ',
      formats: [],
      numbers: { minBitrate: 320, maxBitrate: 128, maxBitDepth: 64, maxSampleRate: 44100.5, minSizeMb: 1.234, maxSizeMb: 0 },
      lists: { requiredWords: Array.from({ length: 51 }, (_, i) => `w${i}`).join(','), bannedUsers: 'x'.repeat(101) },
    }));
    expect(errors).toEqual({
      name: 'Give the profile a name.',
      formats: 'Allow at least one format.',
      minBitrate: 'Cannot be above the maximum bitrate.',
      maxBitDepth: 'Enter a whole number from 8 to 32, or leave it empty.',
      maxSampleRate: 'Enter a whole number from 8000 to 768000, or leave it empty.',
      minSizeMb: 'Enter a number from 0 to 10000 (up to 2 decimals), or leave it empty.',
      maxSizeMb: 'Enter a number from 0.01 to 10000 (up to 2 decimals), or leave it empty.',
      requiredWords: 'At most 50 entries.',
      bannedUsers: 'Each entry at most 100 characters.',
    });
    expect(validateProfileForm(value({ name: 'x'.repeat(61) }))['name']).toBe('At most 60 characters.');
    expect(validateProfileForm(value({ numbers: { minSizeMb: 12.5, maxSizeMb: 10 } }))['minSizeMb']).toBe('Cannot be above the largest file size.');
  });
});

describe('QualityProfilesCard', () => {
  let fixture: ComponentFixture<QualityProfilesCard>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
  const type = (id: string, text: string) => {
    const el = byTestId<HTMLInputElement>(id) as HTMLInputElement;
    el.value = text;
    el.dispatchEvent(new Event('input'));
  };
  const formatOrder = () => [...root.querySelectorAll('[data-testid="qp-formats"] li span')].map((s) => s.textContent?.trim());
  const stable = () => fixture.whenStable();

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [QualityProfilesCard],
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(withInterceptors([apiInterceptor])), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QualityProfilesCard);
    root = fixture.nativeElement as HTMLElement;
    await stable();
    backend.expectOne('/api/quality-profiles').flush(profiles);
    await stable();
  });
  afterEach(() => backend.verify());

  it('lists every profile, marks built-ins and checks the default', () => {
    expect(root.querySelectorAll('.qp-item')).toHaveLength(3);
    expect(byTestId('qp-item-lossless-preferred')?.querySelector('[data-testid="qp-builtin"]')).not.toBeNull();
    expect(byTestId('qp-item-u1')?.querySelector('[data-testid="qp-builtin"]')).toBeNull();
    expect(byTestId<HTMLInputElement>('qp-default-u1')?.checked).toBe(true);
    expect(byTestId<HTMLInputElement>('qp-default-space-saver')?.checked).toBe(false);
    expect(byTestId('qp-item-u1')?.textContent).toContain('mp3 · 256–… kbps · skips karaoke, live');
    // Built-ins can be copied, not edited or deleted.
    expect(byTestId('qp-edit-lossless-preferred')).toBeNull();
    expect(byTestId('qp-delete-lossless-preferred')).toBeNull();
    expect(byTestId('qp-copy-lossless-preferred')).not.toBeNull();
  });

  it('the radio makes a profile the default', async () => {
    byTestId<HTMLInputElement>('qp-default-space-saver')?.click();
    const post = backend.expectOne('/api/quality-profiles/space-saver/default');
    expect(post.request.method).toBe('POST');
    post.flush({ ...builtIns[1], isDefault: true });
    await stable();
    backend.expectOne('/api/quality-profiles').flush([builtIns[0], { ...builtIns[1], isDefault: true }, { ...mine, isDefault: false }]);
    await stable();
    expect(byTestId('qp-notice')?.textContent).toContain('“Space saver” is now the default profile.');
    expect(byTestId<HTMLInputElement>('qp-default-space-saver')?.checked).toBe(true);
  });

  it('creates a profile: formats reordered with the arrows, limits and comma lists sent as typed', async () => {
    byTestId('qp-new')?.click();
    await stable();
    expect(formatOrder()).toEqual(['flac', 'mp3']);
    byTestId('qp-up-mp3')?.click();
    await stable();
    expect(formatOrder()).toEqual(['mp3', 'flac']);
    expect(byTestId<HTMLButtonElement>('qp-up-mp3')?.disabled).toBe(true);
    expect(byTestId<HTMLButtonElement>('qp-down-flac')?.disabled).toBe(true);
    (byTestId<HTMLSelectElement>('qp-add-format') as HTMLSelectElement).value = 'opus';
    byTestId('qp-add')?.click();
    await stable();
    byTestId('qp-up-opus')?.click();
    await stable();
    expect(formatOrder()).toEqual(['mp3', 'opus', 'flac']);
    byTestId('qp-remove-flac')?.click();
    await stable();
    expect(formatOrder()).toEqual(['mp3', 'opus']);

    type('qp-name', 'Small lossy');
    type('qp-minBitrate', '192');
    type('qp-maxSizeMb', '15.5');
    type('qp-ignoredWords', 'karaoke, Live, live');
    type('qp-bannedUsers', ' leech ');
    await stable();
    byTestId('qp-save')?.click();
    const post = backend.expectOne((r) => r.url === '/api/quality-profiles' && r.method === 'POST');
    expect(post.request.body).toEqual({
      name: 'Small lossy', allowedFormats: ['mp3', 'opus'], minBitrate: 192, maxBitrate: null, maxBitDepth: null, maxSampleRate: null, minSizeMb: null, maxSizeMb: 15.5,
      requiredWords: [], ignoredWords: ['karaoke', 'Live'], preferredUsers: [], bannedUsers: ['leech'],
    });
    post.flush({ ...mine, id: 'u2', name: 'Small lossy', isDefault: false });
    await stable();
    backend.expectOne('/api/quality-profiles').flush(profiles);
    await stable();
    expect(byTestId('qp-form')).toBeNull();
    expect(byTestId('qp-notice')?.textContent).toContain('Saved “Small lossy”.');
  });

  it('does not send an invalid form, and shows each problem beside its field', async () => {
    byTestId('qp-new')?.click();
    await stable();
    byTestId('qp-remove-flac')?.click();
    await stable();
    byTestId('qp-remove-mp3')?.click();
    type('qp-minBitrate', '320');
    type('qp-maxBitrate', '128');
    type('qp-maxBitDepth', '12.5');
    await stable();
    byTestId('qp-save')?.click();
    await stable();
    expect(byTestId('qp-name-error')?.textContent).toBe('Give the profile a name.');
    expect(byTestId('qp-formats-error')?.hasAttribute('hidden')).toBe(false);
    expect(byTestId('qp-minBitrate-error')?.textContent).toBe('Cannot be above the maximum bitrate.');
    expect(byTestId('qp-maxBitDepth-error')?.textContent).toContain('whole number from 8 to 32');
    expect(byTestId('qp-name')?.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('qp-maxBitrate-error')?.hasAttribute('hidden')).toBe(true);
    backend.expectNone((r) => r.method === 'POST');
  });

  it('edits a user profile with its stored values and shows the server’s field errors', async () => {
    byTestId('qp-edit-u1')?.click();
    await stable();
    expect(byTestId<HTMLInputElement>('qp-name')?.value).toBe('MP3 only');
    expect(byTestId<HTMLInputElement>('qp-minBitrate')?.value).toBe('256');
    expect(byTestId<HTMLInputElement>('qp-ignoredWords')?.value).toBe('karaoke, live');
    expect(formatOrder()).toEqual(['mp3']);
    type('qp-name', 'Balanced');
    await stable();
    byTestId('qp-save')?.click();
    const put = backend.expectOne('/api/quality-profiles/u1');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toMatchObject({ name: 'Balanced', allowedFormats: ['mp3'], minBitrate: 256, ignoredWords: ['karaoke', 'live'] });
    put.flush({ statusCode: 400, message: 'invalid quality profile', errors: ['name: a profile called "Balanced" already exists'], correlationId: 'c' }, { status: 400, statusText: 'Bad Request' });
    await stable();
    expect(byTestId('qp-server-errors')?.textContent).toContain('a profile called "Balanced" already exists');
    expect(byTestId('qp-form')).not.toBeNull();
  });

  it('copies a built-in into a new profile', async () => {
    byTestId('qp-copy-space-saver')?.click();
    await stable();
    expect(byTestId<HTMLInputElement>('qp-name')?.value).toBe('Space saver (copy)');
    expect(byTestId<HTMLInputElement>('qp-maxBitrate')?.value).toBe('320');
    expect(formatOrder()).toEqual(['opus', 'mp3']);
    byTestId('qp-cancel')?.click();
    await stable();
    expect(byTestId('qp-form')).toBeNull();
  });

  it('deleting the default shows the server’s 409 with the way out; another profile is deleted', async () => {
    byTestId('qp-delete-u1')?.click();
    const message = '"MP3 only" is the default quality profile: make another profile the default first, then delete this one';
    backend.expectOne((r) => r.method === 'DELETE' && r.url === '/api/quality-profiles/u1').flush({ statusCode: 409, message, correlationId: 'c' }, { status: 409, statusText: 'Conflict' });
    await stable();
    expect(byTestId('qp-error')?.textContent).toBe(message);
    expect(root.querySelectorAll('.qp-item')).toHaveLength(3);

    // After switching the default, the delete goes through.
    byTestId<HTMLInputElement>('qp-default-lossless-preferred')?.click();
    backend.expectOne('/api/quality-profiles/lossless-preferred/default').flush({ ...builtIns[0], isDefault: true });
    await stable();
    backend.expectOne('/api/quality-profiles').flush([{ ...builtIns[0], isDefault: true }, builtIns[1], { ...mine, isDefault: false }]);
    await stable();
    byTestId('qp-delete-u1')?.click();
    backend.expectOne((r) => r.method === 'DELETE' && r.url === '/api/quality-profiles/u1').flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    backend.expectOne('/api/quality-profiles').flush([{ ...builtIns[0], isDefault: true }, builtIns[1]]);
    await stable();
    expect(byTestId('qp-error')).toBeNull();
    expect(byTestId('qp-notice')?.textContent).toContain('Deleted “MP3 only”.');
    expect(root.querySelectorAll('.qp-item')).toHaveLength(2);
  });
});
