import { BadUserInputError } from '../../../platform/errors.js';
import { allDistrictIds } from '../../../contracts/city/layout.js';
import { inPermitOrder, PERMITS, type Permit } from './permits.js';

export const MAX_PERMITS = PERMITS.length;
export const BUSINESS_NAME_MAX = 120;
export const TRADING_ADDRESS_MAX = 200;

export interface ApplicationInput {
  businessId?: string | null;
  newBusiness?: { name: string; tradingAddress: string; districtId: string } | null;
  permits: readonly string[];
}

export interface NewBusiness {
  name: string;
  tradingAddress: string;
  districtId: string;
}

/** An application input after validation: permits distinct, in the enum's order. */
export type ValidApplication =
  | { kind: 'existing'; businessId: string; permits: Permit[] }
  | { kind: 'new'; business: NewBusiness; permits: Permit[] };

const BUSINESS_ID = /^B-\d{4,8}$/;
// Control characters (including newlines) have no place in a name or an address printed on a licence.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const DISTRICTS: ReadonlySet<string> = new Set(allDistrictIds());

function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new BadUserInputError(`${field} must not be empty.`, { field });
  if (trimmed.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters.`, { field });
  if (CONTROL_CHARACTERS.test(trimmed)) throw new BadUserInputError(`${field} must not contain control characters.`, { field });
  return trimmed;
}

function validPermits(permits: readonly string[]): Permit[] {
  if (permits.length < 1 || permits.length > MAX_PERMITS) {
    throw new BadUserInputError(`Apply for 1 to ${MAX_PERMITS} permits.`, { field: 'permits' });
  }
  const requested = new Set(permits);
  if (requested.size !== permits.length) throw new BadUserInputError('Each permit may be listed only once.', { field: 'permits' });
  for (const permit of requested) {
    if (!(PERMITS as readonly string[]).includes(permit)) throw new BadUserInputError(`Unknown permit ${permit}.`, { field: 'permits' });
  }
  return inPermitOrder(requested);
}

/**
 * Checks an application: exactly one of `businessId` (an existing business, whose ownership the caller checks)
 * and `newBusiness`; 1 to 8 distinct permits. Throws BAD_USER_INPUT naming the field at fault.
 */
export function validateApplication(input: ApplicationInput): ValidApplication {
  const hasBusinessId = input.businessId !== undefined && input.businessId !== null;
  const hasNewBusiness = input.newBusiness !== undefined && input.newBusiness !== null;
  if (hasBusinessId === hasNewBusiness) {
    throw new BadUserInputError('Give exactly one of businessId and newBusiness.', { field: 'businessId' });
  }
  const permits = validPermits(input.permits);
  if (hasBusinessId) {
    const businessId = input.businessId!;
    if (!BUSINESS_ID.test(businessId)) throw new BadUserInputError('businessId is not a business id (B-0001...).', { field: 'businessId' });
    return { kind: 'existing', businessId, permits };
  }
  const business = input.newBusiness!;
  if (!DISTRICTS.has(business.districtId)) {
    throw new BadUserInputError('newBusiness.districtId must be a district id (D-01..D-16).', { field: 'newBusiness.districtId' });
  }
  return {
    kind: 'new',
    business: {
      name: text('newBusiness.name', business.name, BUSINESS_NAME_MAX),
      tradingAddress: text('newBusiness.tradingAddress', business.tradingAddress, TRADING_ADDRESS_MAX),
      districtId: business.districtId,
    },
    permits,
  };
}
