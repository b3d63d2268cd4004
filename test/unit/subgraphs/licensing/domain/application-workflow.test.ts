import { describe, expect, it } from '@jest/globals';
import {
  APPLICATION_STATUSES,
  isFinal,
  nextStatus,
  REVIEW_DECISIONS,
  TRANSITIONS,
} from '../../../../../subgraphs/licensing/domain/application-workflow.js';
import { errorOf } from './error-of.js';

describe('licence application workflow', () => {
  it('moves a submitted application under review, and may reject it straight away', () => {
    expect(nextStatus('SUBMITTED', 'START_REVIEW')).toBe('UNDER_REVIEW');
    expect(nextStatus('SUBMITTED', 'REJECT')).toBe('REJECTED');
  });

  it('approves or rejects an application under review', () => {
    expect(nextStatus('UNDER_REVIEW', 'APPROVE')).toBe('APPROVED');
    expect(nextStatus('UNDER_REVIEW', 'REJECT')).toBe('REJECTED');
  });

  it('refuses to approve an application nobody has reviewed, with BAD_USER_INPUT', () => {
    expect(errorOf(() => nextStatus('SUBMITTED', 'APPROVE'))).toEqual({
      code: 'BAD_USER_INPUT',
      extensions: { code: 'BAD_USER_INPUT', status: 'SUBMITTED', decision: 'APPROVE' },
      message: 'An application that is SUBMITTED cannot be given the decision APPROVE.',
    });
  });

  it('refuses to start reviewing an application twice', () => {
    expect(errorOf(() => nextStatus('UNDER_REVIEW', 'START_REVIEW')).code).toBe('BAD_USER_INPUT');
  });

  it.each(['APPROVED', 'REJECTED'] as const)('treats %s as final: every decision is refused', (status) => {
    expect(isFinal(status)).toBe(true);
    for (const decision of REVIEW_DECISIONS) expect(errorOf(() => nextStatus(status, decision)).code).toBe('BAD_USER_INPUT');
  });

  it('allows exactly four transitions in all, each to a known status', () => {
    const moves = APPLICATION_STATUSES.flatMap((from) => Object.entries(TRANSITIONS[from]).map(([decision, to]) => `${from}-${decision}->${to}`));
    expect(moves.sort()).toEqual([
      'SUBMITTED-REJECT->REJECTED',
      'SUBMITTED-START_REVIEW->UNDER_REVIEW',
      'UNDER_REVIEW-APPROVE->APPROVED',
      'UNDER_REVIEW-REJECT->REJECTED',
    ]);
    expect(isFinal('SUBMITTED')).toBe(false);
    expect(isFinal('UNDER_REVIEW')).toBe(false);
  });
});
