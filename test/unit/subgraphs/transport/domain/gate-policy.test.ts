import { describe, expect, it } from '@jest/globals';
import { PassRefusedError } from '../../../../../contracts/health-pass/pass.js';
import { transitRefusal } from '../../../../../subgraphs/transport/domain/gate-policy.js';
import { labelled } from '../../../../support/labelled.js';

describe('the transit gate policy', () => {
  it('lets GREEN through and refuses AMBER and RED with a reason in English and Chinese that names the status', () => {
    expect(transitRefusal('GREEN')).toBeNull();
    for (const status of ['AMBER', 'RED'] as const) {
      const reason = transitRefusal(status);
      labelled(status, () => expect(reason?.en).toContain(status));
      labelled(status, () => expect(reason?.zhHans).toMatch(status === 'RED' ? /红码/ : /黄码/));
    }
  });

  it('raises PASS_REFUSED with the status and both languages, in the message and in extensions', () => {
    const error = new PassRefusedError('RED', transitRefusal('RED')!);
    expect(error.extensions).toEqual({ code: 'PASS_REFUSED', status: 'RED', reason: transitRefusal('RED') });
    expect(error.message).toBe(`${transitRefusal('RED')!.en} / ${transitRefusal('RED')!.zhHans}`);
  });
});
