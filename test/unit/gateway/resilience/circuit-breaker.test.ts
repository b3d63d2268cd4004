import { describe, expect, it } from '@jest/globals';
import { CircuitBreaker } from '../../../../gateway/resilience/circuit-breaker.js';

const options = { windowMs: 10_000, minimumCalls: 4, failureRate: 0.5, openMs: 1_000 };

describe('circuit breaker', () => {
  it('stays closed below the minimum number of calls, whatever the error rate', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.record(false, 1000 + i);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire(1010)).toBe(true);
  });

  it('opens at the failure rate and fails fast while open', () => {
    const states: string[] = [];
    const breaker = new CircuitBreaker(options, (s) => states.push(s));
    breaker.record(true, 1000);
    breaker.record(false, 1001);
    breaker.record(true, 1002);
    breaker.record(false, 1003);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire(1500)).toBe(false);
    expect(states).toEqual(['open']);
  });

  it('lets exactly one trial through when half-open, and closes on its success', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 4; i++) breaker.record(false, 1000);
    expect(breaker.tryAcquire(2001)).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire(2002)).toBe(false);
    breaker.record(true, 2003);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire(2004)).toBe(true);
  });

  it('opens again when the trial fails', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 4; i++) breaker.record(false, 1000);
    expect(breaker.tryAcquire(2001)).toBe(true);
    breaker.record(false, 2002);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire(2500)).toBe(false);
    expect(breaker.tryAcquire(3003)).toBe(true);
  });

  it('forgets failures older than the window', () => {
    const breaker = new CircuitBreaker(options);
    breaker.record(false, 0);
    breaker.record(false, 1);
    breaker.record(true, 20_000);
    breaker.record(true, 20_001);
    breaker.record(false, 20_002);
    breaker.record(true, 20_003);
    expect(breaker.state).toBe('closed');
  });
});
