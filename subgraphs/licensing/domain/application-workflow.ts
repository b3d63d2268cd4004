import { BadUserInputError } from '../../../platform/errors.js';

export const APPLICATION_STATUSES = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const REVIEW_DECISIONS = ['START_REVIEW', 'APPROVE', 'REJECT'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/**
 * The allowed transitions: from each status, the status each decision leads to. A decision missing from a row is
 * not allowed from that status; APPROVED and REJECTED are final.
 */
export const TRANSITIONS: Readonly<Record<ApplicationStatus, Partial<Record<ReviewDecision, ApplicationStatus>>>> = {
  SUBMITTED: { START_REVIEW: 'UNDER_REVIEW', REJECT: 'REJECTED' },
  UNDER_REVIEW: { APPROVE: 'APPROVED', REJECT: 'REJECTED' },
  APPROVED: {},
  REJECTED: {},
};

/** The status a decision moves an application to; an illegal move is the caller's mistake (BAD_USER_INPUT). */
export function nextStatus(current: ApplicationStatus, decision: ReviewDecision): ApplicationStatus {
  const next = TRANSITIONS[current][decision];
  if (!next) {
    throw new BadUserInputError(`An application that is ${current} cannot be given the decision ${decision}.`, {
      status: current,
      decision,
    });
  }
  return next;
}

export function isFinal(status: ApplicationStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}
