import { describe, expect, it } from '@jest/globals';
import { validateApplication } from '../../../../../subgraphs/licensing/domain/application-input.js';
import { PERMITS } from '../../../../../subgraphs/licensing/domain/permits.js';
import { errorOf } from './error-of.js';

const newBusiness = { name: 'Night Owl', tradingAddress: '1 Quay Street, Harbour', districtId: 'D-03' };

function refusal(input: Parameters<typeof validateApplication>[0]) {
  const { code, extensions, message } = errorOf(() => validateApplication(input));
  return { code, field: extensions.field, message };
}

describe('integrated licence application input', () => {
  it('accepts an existing business id with distinct permits, putting the permits in the enum order', () => {
    expect(validateApplication({ businessId: 'B-0001', permits: ['SIGNAGE', 'LIQUOR_RETAIL'] })).toEqual({
      kind: 'existing',
      businessId: 'B-0001',
      permits: ['LIQUOR_RETAIL', 'SIGNAGE'],
    });
  });

  it('accepts a new business, trimming its name and address', () => {
    expect(validateApplication({ newBusiness: { ...newBusiness, name: '  Night Owl  ' }, businessId: null, permits: ['FOOD_BUSINESS'] })).toEqual({
      kind: 'new',
      business: newBusiness,
      permits: ['FOOD_BUSINESS'],
    });
  });

  it('accepts all eight permits at once', () => {
    expect(validateApplication({ businessId: 'B-0001', permits: [...PERMITS].reverse() }).permits).toEqual([...PERMITS]);
  });

  it('refuses an application naming neither a business nor a new one', () => {
    expect(refusal({ permits: ['SIGNAGE'] })).toEqual({ code: 'BAD_USER_INPUT', field: 'businessId', message: 'Give exactly one of businessId and newBusiness.' });
  });

  it('refuses an application naming both an existing and a new business', () => {
    expect(refusal({ businessId: 'B-0001', newBusiness, permits: ['SIGNAGE'] }).code).toBe('BAD_USER_INPUT');
  });

  it('refuses an application without permits', () => {
    expect(refusal({ businessId: 'B-0001', permits: [] })).toEqual({ code: 'BAD_USER_INPUT', field: 'permits', message: 'Apply for 1 to 8 permits.' });
  });

  it('refuses more than eight permits', () => {
    expect(refusal({ businessId: 'B-0001', permits: [...PERMITS, 'SIGNAGE'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'permits' });
  });

  it('refuses a permit listed twice rather than silently dropping it', () => {
    expect(refusal({ businessId: 'B-0001', permits: ['SIGNAGE', 'SIGNAGE'] })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'permits',
      message: 'Each permit may be listed only once.',
    });
  });

  it('refuses a permit that does not exist', () => {
    expect(refusal({ businessId: 'B-0001', permits: ['FIREWORKS'] })).toEqual({ code: 'BAD_USER_INPUT', field: 'permits', message: 'Unknown permit FIREWORKS.' });
  });

  it.each(['', 'C-0001', 'B-1', 'B-0001; DROP', '{"$gt":""}'])('refuses %j as a business id', (businessId) => {
    expect(refusal({ businessId, permits: ['SIGNAGE'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'businessId' });
  });

  it.each(['D-00', 'D-17', 'd-01', ''])('refuses %j as the new business district', (districtId) => {
    expect(refusal({ newBusiness: { ...newBusiness, districtId }, permits: ['SIGNAGE'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'newBusiness.districtId',
    });
  });

  it('refuses a blank business name and an overlong address', () => {
    expect(refusal({ newBusiness: { ...newBusiness, name: '   ' }, permits: ['SIGNAGE'] })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'newBusiness.name',
      message: 'newBusiness.name must not be empty.',
    });
    expect(refusal({ newBusiness: { ...newBusiness, tradingAddress: 'x'.repeat(201) }, permits: ['SIGNAGE'] })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'newBusiness.tradingAddress',
      message: 'newBusiness.tradingAddress must be at most 200 characters.',
    });
  });

  it('refuses control characters in a business name', () => {
    expect(refusal({ newBusiness: { ...newBusiness, name: 'Night\nOwl' }, permits: ['SIGNAGE'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'newBusiness.name',
    });
  });
});
