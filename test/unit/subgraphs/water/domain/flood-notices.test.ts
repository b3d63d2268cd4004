import { describe, expect, it } from '@jest/globals';
import { floodAlertId, type FloodAlertRecord } from '../../../../../subgraphs/water/domain/flood-alerts.js';
import { clearedNotices, partnersWarning, residentsWarning } from '../../../../../subgraphs/water/domain/flood-notices.js';

const raisedAt = new Date('2026-11-30T09:41:07.123Z');
const alert: FloodAlertRecord = { id: floodAlertId('D-02', raisedAt), districtId: 'D-02', level: 'HIGH', raisedAt: raisedAt.toISOString(), clearedAt: null, reasons: [], calmSince: null, residentsWarned: 'HIGH' };

describe('flood notices', () => {
  it("warns the district's residents by e-mail and the road-hazard subscribers, naming codes only, one key per episode and level", () => {
    expect([residentsWarning(alert), partnersWarning(alert)]).toEqual([
      { key: 'flood-warning:FA-D-02-20261130094107123:HIGH', audience: { residentsOf: 'D-02' }, channel: 'EMAIL', template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' } },
      { key: 'road-hazard:FA-D-02-20261130094107123:HIGH', audience: { partnersSubscribedTo: 'ROAD_HAZARDS' }, template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' } },
    ]);
    expect(residentsWarning({ ...alert, level: 'SEVERE' }).key).toBe('flood-warning:FA-D-02-20261130094107123:SEVERE');
  });

  it('gives a later episode of the same district other keys (so its warning is not taken for a repeat)', () => {
    const later = { ...alert, id: floodAlertId('D-02', new Date('2026-11-30T09:55:00.000Z')) };
    expect([residentsWarning(later).key, partnersWarning(later).key]).not.toEqual([residentsWarning(alert).key, partnersWarning(alert).key]);
  });

  it('tells both audiences when an episode the residents were warned of ends', () => {
    expect(clearedNotices(alert).map((n) => [n.key, n.template, n.audience])).toEqual([
      ['flood-cleared:FA-D-02-20261130094107123', 'FLOOD_CLEARED', { residentsOf: 'D-02' }],
      ['road-hazard-cleared:FA-D-02-20261130094107123', 'FLOOD_CLEARED', { partnersSubscribedTo: 'ROAD_HAZARDS' }],
    ]);
  });

  it('gives the residents no all-clear for an episode whose warning the cap held back', () => {
    expect(clearedNotices({ ...alert, residentsWarned: null }).map((n) => n.audience)).toEqual([{ partnersSubscribedTo: 'ROAD_HAZARDS' }]);
  });
});
