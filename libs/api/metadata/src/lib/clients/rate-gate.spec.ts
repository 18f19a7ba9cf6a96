import { IntervalRateGate, processRateGate } from './rate-gate';

describe('IntervalRateGate', () => {
  it('spaces request starts by the interval, in arrival order', async () => {
    const gate = new IntervalRateGate({ minIntervalMs: 40 });
    const starts: Array<[number, number]> = [];
    const t0 = Date.now();
    await Promise.all([0, 1, 2, 3].map((i) => gate.acquire().then(() => starts.push([i, Date.now() - t0]))));
    expect(starts.map(([i]) => i)).toEqual([0, 1, 2, 3]);
    for (let k = 1; k < starts.length; k++) expect(starts[k][1] - starts[k - 1][1]).toBeGreaterThanOrEqual(38);
    expect(gate.stats.granted).toBe(4);
  });

  it('backoff delays everybody, not only the caller that was told to wait', async () => {
    const gate = new IntervalRateGate({ minIntervalMs: 0 });
    await gate.acquire();
    await gate.backoff(120);
    const t0 = Date.now();
    await Promise.all([gate.acquire(), gate.acquire()]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('a backoff that arrives while a caller is already waiting still holds that caller back', async () => {
    const gate = new IntervalRateGate({ minIntervalMs: 50 });
    await gate.acquire();
    const t0 = Date.now();
    const waiting = gate.acquire();
    // The second caller is now asleep until the 50 ms slot; a 503 seen elsewhere pushes everyone back.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await gate.backoff(200);
    await waiting;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
  });

  it('processRateGate hands every caller of one name the same gate', () => {
    expect(processRateGate('spec-service', 1000)).toBe(processRateGate('spec-service', 50));
    expect(processRateGate('spec-service', 1000)).not.toBe(processRateGate('other-spec-service', 1000));
  });
});
