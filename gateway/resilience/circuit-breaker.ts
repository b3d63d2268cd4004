export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Calls considered when judging the error rate. */
  windowMs: number;
  /** Fewer calls than this in the window never open the breaker. */
  minimumCalls: number;
  /** Error rate (0..1) at which the breaker opens. */
  failureRate: number;
  /** How long it stays open (failing fast) before letting one trial call through. */
  openMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { windowMs: 10_000, minimumCalls: 10, failureRate: 0.5, openMs: 5_000 };

/**
 * A circuit breaker per subgraph: closed while the error rate is low; open (fail fast, no call) after a high error
 * rate; half-open after `openMs`, when exactly one trial call decides between closing and opening again.
 */
export class CircuitBreaker {
  private calls: Array<{ at: number; ok: boolean }> = [];
  private openedAt = 0;
  private trialInFlight = false;
  state: BreakerState = 'closed';

  constructor(
    private readonly options: BreakerOptions = DEFAULT_BREAKER,
    private readonly onChange: (state: BreakerState) => void = () => undefined,
  ) {}

  private set(state: BreakerState): void {
    if (this.state === state) return;
    this.state = state;
    this.onChange(state);
  }

  /** Whether a call may go out now. In half-open, only one trial at a time. */
  tryAcquire(now = Date.now()): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (now - this.openedAt < this.options.openMs) return false;
      this.set('half-open');
    }
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  record(ok: boolean, now = Date.now()): void {
    if (this.state === 'half-open') {
      this.trialInFlight = false;
      if (ok) {
        this.calls = [];
        this.set('closed');
      } else {
        this.openedAt = now;
        this.set('open');
      }
      return;
    }
    this.calls.push({ at: now, ok });
    const since = now - this.options.windowMs;
    if (this.calls.length > 1000 || this.calls[0]!.at < since) this.calls = this.calls.filter((c) => c.at >= since);
    if (this.state !== 'closed' || this.calls.length < this.options.minimumCalls) return;
    const failures = this.calls.reduce((n, c) => n + (c.ok ? 0 : 1), 0);
    if (failures / this.calls.length >= this.options.failureRate) {
      this.openedAt = now;
      this.calls = [];
      this.set('open');
    }
  }
}
