import { assessQuality, BALANCED, LOSSLESS_PREFERRED, SPACE_SAVER, validateQualityProfile } from './profiles';
import type { SlskdSearchFile } from './types';

const file = (extra: Partial<SlskdSearchFile>): SlskdSearchFile => ({ filename: 'x', size: 1, ...extra });

describe('built-in profiles', () => {
  it('lossless-preferred uses the benchmark tiers', () => {
    const tier = (fmt: Parameters<typeof assessQuality>[0], f: Partial<SlskdSearchFile>): number =>
      assessQuality(fmt, file(f), LOSSLESS_PREFERRED).tier;
    expect(tier('flac', { bitDepth: 16, sampleRate: 44100 })).toBe(0);
    expect(tier('flac', { bitDepth: 24, sampleRate: 96000 })).toBe(0);
    expect(tier('mp3', { bitRate: 320 })).toBe(1);
    expect(tier('mp3', { bitRate: 256 })).toBe(1);
    expect(tier('mp3', { bitRate: 245, isVariableBitRate: true })).toBe(1);
    expect(tier('mp3', { bitRate: 245 })).toBe(2);
    expect(tier('m4a', { bitRate: 192 })).toBe(2);
    expect(tier('mp3', { bitRate: 128 })).toBe(3);
    expect(tier('mp3', {})).toBe(3);
  });

  it('scores CD-quality lossless above hi-res unless asked otherwise', () => {
    expect(assessQuality('flac', file({ bitDepth: 16 }), LOSSLESS_PREFERRED).score).toBe(100);
    expect(assessQuality('flac', file({ bitDepth: 24, sampleRate: 96000 }), LOSSLESS_PREFERRED).score).toBe(95);
  });

  it('balanced prefers good lossy, space-saver forbids lossless', () => {
    expect(assessQuality('mp3', file({ bitRate: 320 }), BALANCED).score).toBeGreaterThan(
      assessQuality('flac', file({ bitDepth: 16 }), BALANCED).score,
    );
    expect(SPACE_SAVER.allowedFormats).not.toContain('flac');
  });
});

describe('validateQualityProfile', () => {
  it('accepts a user profile and derives tiers from the format order', () => {
    const r = validateQualityProfile({
      id: 'mine',
      name: 'Mine',
      allowedFormats: ['FLAC', 'mp3'],
      minBitrate: 192,
      ignoredWords: ['live'],
      bannedUsers: ['leech'],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.allowedFormats).toEqual(['flac', 'mp3']);
    expect(assessQuality('flac', file({}), r.profile).tier).toBeLessThan(assessQuality('mp3', file({ bitRate: 320 }), r.profile).tier);
    expect(assessQuality('mp3', file({ bitRate: 320 }), r.profile).tier).toBeLessThan(assessQuality('mp3', file({ bitRate: 192 }), r.profile).tier);
  });

  it('reports every problem at once', () => {
    const r = validateQualityProfile({
      id: '',
      name: 'x',
      allowedFormats: ['flac', 'flac', 'midi'],
      minBitrate: 320,
      maxBitrate: 128,
      requiredWords: [''],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        'id must be a non-empty string',
        'allowedFormats: flac listed twice',
        'allowedFormats: unknown format "midi"',
        'minBitrate must not exceed maxBitrate',
        'requiredWords must be a list of non-empty strings',
      ]),
    );
  });

  it('rejects non-objects', () => {
    expect(validateQualityProfile(null)).toEqual({ ok: false, errors: ['profile must be an object'] });
  });
});
