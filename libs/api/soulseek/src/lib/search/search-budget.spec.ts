import { availableSlots, backlogDoneAt, DEFAULT_SEARCH_BUDGET, nextSlotAt, normaliseSearchQuery } from './search-budget';

const cfg = DEFAULT_SEARCH_BUDGET; // 34 per 220 s, 2 s apart

describe('search budget maths (injected clock)', () => {
  it('lets the first search go at once and spaces the next by the minimum gap', () => {
    expect(nextSlotAt({ sent: [] }, 1_000, cfg)).toBe(1_000);
    expect(nextSlotAt({ sent: [1_000] }, 1_500, cfg)).toBe(3_000);
    expect(nextSlotAt({ sent: [1_000] }, 5_000, cfg)).toBe(5_000);
  });

  it('blocks the 35th search until the oldest of the window has aged out', () => {
    const sent = Array.from({ length: 34 }, (_, i) => i * 2_000); // 0 .. 66 s
    const now = 70_000;
    expect(availableSlots({ sent }, now, cfg)).toBe(0);
    expect(nextSlotAt({ sent }, now, cfg)).toBe(220_000);
    // Once the first has left the window one slot is free again.
    expect(availableSlots({ sent }, 220_001, cfg)).toBe(1);
    expect(nextSlotAt({ sent }, 220_001, cfg)).toBe(220_001);
  });

  it('holds everything while slskd asked us to back off', () => {
    expect(nextSlotAt({ sent: [], blockedUntil: 9_000 }, 1_000, cfg)).toBe(9_000);
    expect(availableSlots({ sent: [], blockedUntil: 9_000 }, 1_000, cfg)).toBe(0);
    expect(availableSlots({ sent: [], blockedUntil: 9_000 }, 9_000, cfg)).toBe(34);
  });

  it('estimates a backlog: 34 searches fill one window, the next 34 start one window later', () => {
    expect(backlogDoneAt({ sent: [] }, 0, cfg, 0)).toBe(0);
    expect(backlogDoneAt({ sent: [] }, 0, cfg, 34)).toBe(33 * 2_000);
    expect(backlogDoneAt({ sent: [] }, 0, cfg, 35)).toBe(220_000);
    // MATCHING.md: 1,000 tracks × 1.5 queries ≈ 2.7 h at 34 per 220 s.
    const hours = backlogDoneAt({ sent: [] }, 0, cfg, 1_500) / 3_600_000;
    expect(hours).toBeGreaterThan(2.6);
    expect(hours).toBeLessThan(2.8);
  });

  it('never lets any simulated schedule exceed the budget', () => {
    const small = { capacity: 3, windowMs: 1_000, minGapMs: 100 };
    const sent: number[] = [];
    let t = 0;
    for (let i = 0; i < 50; i++) {
      t = nextSlotAt({ sent }, t + (i % 7) * 13, small);
      sent.push(t);
    }
    for (let i = 0; i < sent.length; i++) {
      expect(sent.filter((s) => s > sent[i] - small.windowMs && s <= sent[i]).length).toBeLessThanOrEqual(3);
      if (i > 0) expect(sent[i] - sent[i - 1]).toBeGreaterThanOrEqual(100);
    }
  });

  it('normalises queries by case, spacing, order and repetition', () => {
    expect(normaliseSearchQuery('Mara  Quinn undertow')).toBe(normaliseSearchQuery('undertow mara QUINN quinn'));
    expect(normaliseSearchQuery('mara quinn undertow')).not.toBe(normaliseSearchQuery('mara quinn glass houses'));
  });
});
