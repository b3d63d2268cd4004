import { describe, expect, it } from '@jest/globals';
import {
  findSavedPlace,
  normaliseLabel,
  PICKUP_ETA_MINUTES,
  planKioskRide,
  planSavedPlaceRide,
  RUSH_HOUR_PICKUP_ETA_MINUTES,
  type SavedPlaceView,
} from '../../../../../subgraphs/transport/domain/taxi.js';

const places: SavedPlaceView[] = [
  { id: 'SP-000001', label: 'Home', address: '24 Bridge Street, Riverside', districtId: 'D-01' },
  { id: 'SP-000002', label: 'Clinic', address: '107 Garden Row, Hillcrest', districtId: 'D-04' },
];
const midday = new Date('2026-11-28T12:00:00.000Z');

function badUserInput(run: () => unknown): { code: unknown; message: string } {
  try {
    run();
  } catch (error) {
    const e = error as { extensions?: { code?: unknown }; message: string };
    return { code: e.extensions?.code, message: e.message };
  }
  throw new Error('expected an error');
}

describe('matching saved-place labels', () => {
  it('ignores case, surrounding spaces and repeated inner spaces', () => {
    expect(normaliseLabel('  Daughter’s   House ')).toBe('daughter’s house');
    expect(findSavedPlace(places, '  cLiNiC ').id).toBe('SP-000002');
  });

  it('refuses an unknown label in plain words that echo only what was typed', () => {
    const error = badUserInput(() => findSavedPlace(places, ' Gym '));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('You have no saved place called "Gym". Check the name, or save the place first.');
    expect(error.message).not.toContain('Home');
  });

  it('takes the first place saved when two share a label', () => {
    const twice = [...places, { id: 'SP-000003', label: 'home', address: 'elsewhere', districtId: 'D-02' }];
    expect(findSavedPlace(twice, 'HOME').id).toBe('SP-000001');
  });
});

describe('planning the one-touch ride between saved places', () => {
  it('goes from the first named place to the second, requested now, with labels and addresses as saved', () => {
    expect(planSavedPlaceRide(places, 'home', 'Clinic', midday)).toEqual({
      status: 'REQUESTED',
      requestedAt: '2026-11-28T12:00:00.000Z',
      pickup: { label: 'Home', address: '24 Bridge Street, Riverside' },
      destination: { label: 'Clinic', address: '107 Garden Row, Hillcrest' },
      etaMinutes: PICKUP_ETA_MINUTES,
    });
  });

  it('refuses a ride whose pickup and destination are the same place', () => {
    const error = badUserInput(() => planSavedPlaceRide(places, 'Home', ' HOME', midday));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('"Home" is both the pickup and the destination. Choose two different saved places.');
  });

  it('refuses a ride to or from a place the citizen has not saved', () => {
    expect(badUserInput(() => planSavedPlaceRide(places, 'Work', 'Clinic', midday)).code).toBe('BAD_USER_INPUT');
    expect(badUserInput(() => planSavedPlaceRide([], 'Home', 'Clinic', midday)).code).toBe('BAD_USER_INPUT');
  });

  it('promises a longer pickup in the rush hours', () => {
    expect(planSavedPlaceRide(places, 'Home', 'Clinic', new Date('2026-11-28T08:30:00.000Z')).etaMinutes).toBe(RUSH_HOUR_PICKUP_ETA_MINUTES);
    expect(planSavedPlaceRide(places, 'Home', 'Clinic', new Date('2026-11-28T19:00:00.000Z')).etaMinutes).toBe(PICKUP_ETA_MINUTES);
  });
});

describe('planning a ride from a kiosk', () => {
  it('picks up at the kiosk, named by its label, and goes to the named saved place', () => {
    const kiosk = { id: 'K-001', label: 'Riverside Library kiosk', districtId: 'D-01' };
    const plan = planKioskRide(kiosk, places, 'clinic', midday);
    expect(plan.pickup).toEqual({ label: 'Riverside Library kiosk', address: null });
    expect(plan.destination).toEqual({ label: 'Clinic', address: '107 Garden Row, Hillcrest' });
    expect(plan.status).toBe('REQUESTED');
  });
});
