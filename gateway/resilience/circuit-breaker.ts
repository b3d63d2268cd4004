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
const BUCKETS = 10;

export class CircuitBreaker {
  // Calls counted in BUCKETS time buckets covering the window: O(1) to record, O(BUCKETS) to judge.
  private readonly total = new Array<number>(BUCKETS).fill(0);
  private readonly failed = new Array<number>(BUCKETS).fill(0);
  private readonly bucketStart = new Array<number>(BUCKETS).fill(0);
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

  private reset(): void {
    this.total.fill(0);
    this.failed.fill(0);
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

  /**
   * A call that ended without telling anything about the subgraph (refused before it went out, or timed out while
   * the gateway itself stalled): counted neither way; a half-open trial lets the next one through.
   */
  release(): void {
    if (this.state === 'half-open') this.trialInFlight = false;
  }

  record(ok: boolean, now = Date.now()): void {
    if (this.state === 'half-open') {
      this.trialInFlight = false;
      if (ok) {
        this.reset();
        this.set('closed');
      } else {
        this.openedAt = now;
        this.set('open');
      }
      return;
    }
    const width = this.options.windowMs / BUCKETS;
    const slot = Math.floor(now / width);
    const index = slot % BUCKETS;
    if (this.bucketStart[index] !== slot) {
      this.bucketStart[index] = slot;
      this.total[index] = 0;
      this.failed[index] = 0;
    }
    this.total[index]! += 1;
    if (!ok) this.failed[index]! += 1;
    if (this.state !== 'closed' || ok) return;
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (slot - this.bucketStart[i]! >= BUCKETS) continue;
      calls += this.total[i]!;
      failures += this.failed[i]!;
    }
    if (calls >= this.options.minimumCalls && failures / calls >= this.options.failureRate) {
      this.openedAt = now;
      this.reset();
      this.set('open');
    }
  }
}
