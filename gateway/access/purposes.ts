import type { DepartmentPurposes } from '../../contracts/department-purposes/department-purposes.js';
import { BadUserInputError, ForbiddenError } from '../../platform/errors.js';
import { EMERGENCY_ROLE, isPurpose, type Principal } from '../../platform/principal.js';
import type { Department } from '../../platform/services.js';

/**
 * Why a caller asks (ARCHITECTURE §3), decided while authenticating, before planning and before any subgraph is
 * called: the purpose header itself, a department's purposes from the policy file, break-glass, and a partner's
 * end user. A missing or unknown purpose is 400 BAD_USER_INPUT; a purpose the caller may not use is 403 FORBIDDEN.
 */
export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 500;
export const END_USER_MAX = 64;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Node hands header values over as latin1; the text was sent as UTF-8 (a justification may be in Chinese). */
function headerText(raw: string): string {
  return Buffer.from(raw, 'latin1').toString('utf8');
}

export function purposeOf(raw: string | undefined, required: boolean): Principal['purpose'] {
  if (raw === undefined || raw === '') {
    if (required) throw new BadUserInputError('Staff and partner requests must send an X-Purpose header naming why the data is needed.');
    return undefined;
  }
  const purpose = raw.trim().toUpperCase();
  if (!isPurpose(purpose)) throw new BadUserInputError('The X-Purpose header names an unknown purpose.');
  return purpose;
}

export function justificationOf(raw: string | undefined): string {
  const text = raw === undefined ? '' : headerText(raw).trim();
  const length = [...text].length;
  if (length < JUSTIFICATION_MIN || length > JUSTIFICATION_MAX || CONTROL.test(text)) {
    throw new BadUserInputError(`Break-glass (X-Purpose: EMERGENCY) needs an X-Justification header of ${JUSTIFICATION_MIN} to ${JUSTIFICATION_MAX} characters saying why.`);
  }
  return text;
}

/** A partner's own customer (X-End-User): opaque, 1 to 64 characters; absent is fine. */
export function endUserOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = headerText(raw);
  if (text.length === 0 || [...text].length > END_USER_MAX || CONTROL.test(text)) {
    throw new BadUserInputError(`X-End-User must be an opaque id of 1 to ${END_USER_MAX} characters.`);
  }
  return text;
}

/**
 * A staff request's purpose: one its department may use per the policy file, or EMERGENCY through break-glass
 * (role `emergency` and a justification of 10 to 500 characters). The justification is carried only for EMERGENCY.
 */
export function staffPurpose(
  department: Department,
  roles: readonly string[],
  rawPurpose: string | undefined,
  rawJustification: string | undefined,
  policy: DepartmentPurposes,
): Pick<Principal, 'purpose' | 'justification'> {
  const purpose = purposeOf(rawPurpose, true)!;
  if (purpose === 'EMERGENCY') {
    if (!roles.includes(EMERGENCY_ROLE)) throw new ForbiddenError('Break-glass (X-Purpose: EMERGENCY) is only for officials holding the emergency role.');
    return { purpose, justification: justificationOf(rawJustification) };
  }
  if (!policy.allows(department, purpose)) throw new ForbiddenError(`The ${department} department may not act for the purpose ${purpose}.`);
  return { purpose };
}
