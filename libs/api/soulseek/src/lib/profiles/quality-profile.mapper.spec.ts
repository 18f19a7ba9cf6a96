import { matchTrack } from '../matcher/rank';
import { flac, mp3, peer, track } from '../matcher/spec-helpers';
import type { QualityProfile } from '../matcher/profiles';
import type { SlskdSearchResponse } from '../matcher/types';
import { BYTES_PER_MB, toMatcherProfile, type StoredQualityProfile } from './quality-profile.mapper';

const want = track({ title: 'Undertow', artists: ['Mara Quinn'], album: 'Glass Houses', durationMs: 240_000 });
const dir = (user: string): string => `@@${user}\\Music\\Mara Quinn\\Glass Houses (2019)`;

function user(p: Partial<StoredQualityProfile>): QualityProfile {
  const r = toMatcherProfile({
    id: 'mine',
    name: 'Mine',
    allowedFormats: ['flac', 'mp3'],
    requiredWords: [],
    ignoredWords: [],
    preferredUsers: [],
    bannedUsers: [],
    ...p,
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.profile;
}

const pick = (responses: SlskdSearchResponse[], profile?: QualityProfile): string | undefined =>
  matchTrack(want, responses, profile ? { profile } : {}).ranked[0]?.filename;
const reasonOf = (responses: SlskdSearchResponse[], profile: QualityProfile, filename: string): string | undefined => {
  const r = matchTrack(want, responses, { profile }).rejected.find((c) => c.filename === filename);
  return r && !r.verdict.accept ? r.verdict.reason : undefined;
};

const FLAC = `${dir('alice')}\\01 - Undertow.flac`;
const MP3_320 = `${dir('bob')}\\01 - Undertow.mp3`;
const MP3_192 = `${dir('carol')}\\01 - Undertow.mp3`;
const market = (): SlskdSearchResponse[] => [
  peer('alice', [flac(FLAC, 240)]),
  peer('bob', [mp3(MP3_320, 240, 320)]),
  peer('carol', [mp3(MP3_192, 240, 192)]),
];

describe('user quality profiles in the real matcher', () => {
  it('"mp3 only, ≥ 256 kbps" never picks FLAC nor a 192 kbps mp3', () => {
    const profile = user({ allowedFormats: ['mp3'], minBitrate: 256 });
    expect(pick(market())).toBe(FLAC); // the default profile would take the FLAC
    expect(pick(market(), profile)).toBe(MP3_320);
    expect(matchTrack(want, market(), { profile }).ranked.map((c) => c.filename)).toEqual([MP3_320]);
    expect(reasonOf(market(), profile, FLAC)).toBe('format_not_allowed');
    expect(reasonOf(market(), profile, MP3_192)).toBe('below_profile');
  });

  it('format order decides between otherwise equal peers', () => {
    expect(pick(market(), user({ allowedFormats: ['flac', 'mp3'] }))).toBe(FLAC);
    expect(pick(market(), user({ allowedFormats: ['mp3', 'flac'] }))).toBe(MP3_320);
  });

  it('a banned user is never picked, even with the best file', () => {
    const profile = user({ bannedUsers: ['alice'] });
    const ranked = matchTrack(want, market(), { profile }).ranked;
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.some((c) => c.username === 'alice')).toBe(false);
    expect(reasonOf(market(), profile, FLAC)).toBe('blocked_user');
  });

  it('required words are honoured and ignored words reject', () => {
    const web = `${dir('dave')} [WEB]\\01 - Undertow.flac`;
    const responses = [...market(), peer('dave', [flac(web, 240)], { uploadSpeed: 50_000, hasFreeUploadSlot: false, queueLength: 40 })];
    const required = user({ requiredWords: ['web'] });
    expect(matchTrack(want, responses, { profile: required }).ranked.map((c) => c.filename)).toEqual([web]);
    expect(reasonOf(responses, required, FLAC)).toBe('required_word_missing');
    const ignored = user({ ignoredWords: ['web'] });
    expect(matchTrack(want, responses, { profile: ignored }).ranked.map((c) => c.filename)).not.toContain(web);
    expect(reasonOf(responses, ignored, web)).toBe('banned_word');
  });

  it('size limits in MB and bit depth limits reject files', () => {
    const hires = `${dir('erin')}\\01 - Undertow (24-96).flac`;
    const responses = [...market(), peer('erin', [flac(hires, 240, { bitDepth: 24, sampleRate: 96_000, size: 80 * BYTES_PER_MB })])];
    const small = user({ maxSizeMb: 20 });
    const sizeOk = matchTrack(want, responses, { profile: small }).ranked.map((c) => c.filename);
    expect(sizeOk).not.toContain(FLAC); // 240 s at 900 kbps ≈ 27 MB
    expect(sizeOk).toContain(MP3_320);
    expect(reasonOf(responses, small, FLAC)).toBe('size_limit');
    const cd = user({ maxBitDepth: 16 });
    expect(reasonOf(responses, cd, hires)).toBe('below_profile');
    expect(pick(responses, cd)).toBe(FLAC);
  });

  it('a preferred user wins among equals', () => {
    const other = `${dir('frank')}\\01 - Undertow.flac`;
    const responses = [peer('alice', [flac(FLAC, 240)]), peer('frank', [flac(other, 240)])];
    expect(pick(responses, user({ preferredUsers: ['frank'] }))).toBe(other);
    expect(pick(responses, user({ preferredUsers: ['alice'] }))).toBe(FLAC);
  });

  it('reports min above max as an error instead of building a profile', () => {
    const r = toMatcherProfile({ id: 'x', name: 'x', allowedFormats: ['mp3'], minBitrate: 320, maxBitrate: 128, minSizeMb: 10, maxSizeMb: 5, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(['minBitrate must not exceed maxBitrate', 'minSizeBytes must not exceed maxSizeBytes']);
  });
});
