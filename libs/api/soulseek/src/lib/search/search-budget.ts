/**
 * Token-bucket maths of the search gate, pure so it can be tested with an injected clock. The bucket
 * is a sliding window of the POST times: at most `capacity` POSTs in any `windowMs`, each at least
 * `minGapMs` after the previous one (Soulseek bans bursty clients for 30 minutes).
 */
export interface SearchBudgetConfig {
  capacity: number;
  windowMs: number;
  minGapMs: number;
}

export const DEFAULT_SEARCH_BUDGET: SearchBudgetConfig = { capacity: 34, windowMs: 220_000, minGapMs: 2_000 };

export interface SearchBudgetState {
  /** POST times (ms), ascending; older entries than the window are ignored. */
  sent: readonly number[];
  /** slskd answered 429: nothing goes out before this time (ms). */
  blockedUntil?: number;
}

function recent(state: SearchBudgetState, now: number, cfg: SearchBudgetConfig): number[] {
  return state.sent.filter((t) => t > now - cfg.windowMs);
}

/** The earliest time ≥ now at which the next POST may go out. */
export function nextSlotAt(state: SearchBudgetState, now: number, cfg: SearchBudgetConfig): number {
  const sent = recent(state, now, cfg);
  let at = now;
  // The oldest POST that must leave the window before another fits: the capacity-th most recent one.
  if (sent.length >= cfg.capacity) at = Math.max(at, sent[sent.length - cfg.capacity] + cfg.windowMs);
  if (sent.length > 0) at = Math.max(at, sent[sent.length - 1] + cfg.minGapMs);
  if (state.blockedUntil !== undefined) at = Math.max(at, state.blockedUntil);
  return at;
}

/** POSTs that may start within the window without waiting for older ones to expire. */
export function availableSlots(state: SearchBudgetState, now: number, cfg: SearchBudgetConfig): number {
  if (state.blockedUntil !== undefined && state.blockedUntil > now) return 0;
  return Math.max(0, cfg.capacity - recent(state, now, cfg).length);
}

/** When the last of `count` more POSTs could go out if they were sent as early as the budget allows. */
export function backlogDoneAt(state: SearchBudgetState, now: number, cfg: SearchBudgetConfig, count: number): number {
  const sent = [...recent(state, now, cfg)];
  let t = now;
  for (let i = 0; i < count; i++) {
    t = nextSlotAt({ sent, blockedUntil: state.blockedUntil }, t, cfg);
    sent.push(t);
    // Only the last `capacity` entries matter for the next slot; keep the simulation linear.
    if (sent.length > cfg.capacity) sent.shift();
  }
  return t;
}

/**
 * The cache/de-duplication key of a query: peers match every word regardless of case, order or
 * repetition, so "Foo  bar" and "bar foo" are the same search.
 */
export function normaliseSearchQuery(query: string): string {
  const words = query.toLowerCase().normalize('NFC').split(/\s+/).filter((w) => w !== '');
  return [...new Set(words)].sort().join(' ');
}
