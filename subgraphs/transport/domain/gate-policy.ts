import type { PassStatus, RefusalReason } from '../../../contracts/health-pass/pass.js';

/**
 * The transit gates' health policy (docs/health-pass.md): only a GREEN health code rides public transport; AMBER
 * and RED are turned back with a reason in plain words, in both languages. It is a gate's rule, not the pass's: a
 * facility admits every status (a clinic must admit the sick) and only shows it.
 */
const REFUSALS: Record<Exclude<PassStatus, 'GREEN'>, RefusalReason> = {
  AMBER: {
    en: 'This health pass shows AMBER. Public transport is for GREEN passes only. Please stay home, or ask staff for another way to travel.',
    zhHans: '此健康通行证显示为黄码。公共交通仅限绿码通行。请留在家中，或向工作人员询问其他出行方式。',
  },
  RED: {
    en: 'This health pass shows RED. Public transport is for GREEN passes only. Please stay home, or ask staff for another way to travel.',
    zhHans: '此健康通行证显示为红码。公共交通仅限绿码通行。请留在家中，或向工作人员询问其他出行方式。',
  },
};

/** Whether a transit gate lets this status through: `null` when it does, otherwise why not. */
export function transitRefusal(status: PassStatus): RefusalReason | null {
  return status === 'GREEN' ? null : REFUSALS[status];
}
