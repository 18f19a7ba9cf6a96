/**
 * Serialises requests to one service. `IntervalRateGate` below keeps one process to the limit;
 * `RedisRateGate` (redis-metadata.ts, one key per service) keeps every process together to it.
 */
export interface RateGate {
  /** Resolves when the caller may send exactly one request now. */
  acquire(): Promise<void>;
  /** Nobody may send before `delayMs` from now (after a 503/429: everybody waits, not only the caller that saw it). */
  backoff(delayMs: number): Promise<void>;
}

export interface IntervalRateGateOptions {
  /** Minimum spacing between request starts. 1000 = MusicBrainz's 1 request/s. */
  minIntervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise queue: callers are served in arrival order, each at least `minIntervalMs` after the previous one. */
export class IntervalRateGate implements RateGate {
  private tail: Promise<void> = Promise.resolve();
  private nextAt = 0;
  private waitedMs = 0;
  private granted = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: IntervalRateGateOptions) {
    if (!(options.minIntervalMs >= 0)) throw new Error(`minIntervalMs must be >= 0, got ${options.minIntervalMs}`);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get minIntervalMs(): number {
    return this.options.minIntervalMs;
  }

  /** Total time callers spent waiting for a slot, and slots handed out (for logs and tests). */
  get stats(): { granted: number; waitedMs: number } {
    return { granted: this.granted, waitedMs: this.waitedMs };
  }

  acquire(): Promise<void> {
    const turn = this.tail.then(async () => {
      // Re-check after sleeping: a backoff() may have pushed the slot further while we slept.
      for (let wait = this.nextAt - this.now(); wait > 0; wait = this.nextAt - this.now()) {
        this.waitedMs += wait;
        await this.sleep(wait);
      }
      this.nextAt = this.now() + this.options.minIntervalMs;
      this.granted++;
    });
    // A failed turn (a throwing sleep) must not block everyone behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  async backoff(delayMs: number): Promise<void> {
    this.nextAt = Math.max(this.nextAt, this.now() + delayMs);
  }
}

const processGates = new Map<string, IntervalRateGate>();

/**
 * The one gate per service name for this process, so every client instance (api services, several job
 * processors) shares MusicBrainz's budget. The first caller's interval wins; later callers get the same gate.
 */
export function processRateGate(name: string, minIntervalMs: number): IntervalRateGate {
  let gate = processGates.get(name);
  if (!gate) {
    gate = new IntervalRateGate({ minIntervalMs });
    processGates.set(name, gate);
  }
  return gate;
}
