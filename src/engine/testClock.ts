/**
 * The launcher's controlled clock (`/engine-test/clock`, only when the engine runs with ENGINE_TEST_CLOCK=true):
 * tests and the year replay move the engine's time forward and due timers fire at once, without waiting.
 * The clock only moves forward: locks taken on a moved clock would otherwise outlive a reset.
 */
export class EngineTestClock {
  constructor(private readonly url: string) {}

  private async call(method: string, body?: unknown): Promise<number> {
    const res = await fetch(this.url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`engine test clock ${method}: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { now: number }).now;
  }

  /** The engine's current time (epoch ms). */
  now(): Promise<number> {
    return this.call('GET');
  }

  /** Moves the engine clock forward by `ms`; returns the new time. */
  advance(ms: number): Promise<number> {
    return this.call('POST', { addMs: ms });
  }

  /** Sets the engine clock to `time` (not before its current time); returns the new time. */
  set(time: Date): Promise<number> {
    return this.call('POST', { time: time.toISOString() });
  }
}
