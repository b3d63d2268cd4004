import { describe, expect, it } from '@jest/globals';
import { floodAlertId, type FloodAlertRecord } from '../../../../../subgraphs/water/domain/flood-alerts.js';
import { clearedNotices, raisedNotices } from '../../../../../subgraphs/water/domain/flood-notices.js';

const raisedAt = new Date('2026-11-30T09:41:07.123Z');
const alert: FloodAlertRecord = { id: floodAlertId('D-02', raisedAt), districtId: 'D-02', level: 'HIGH', raisedAt: raisedAt.toISOString(), clearedAt: null, reasons: [] };

describe('flood notices', () => {
  it("warns the district's residents by e-mail and the road-hazard subscribers, naming codes only, one key per episode", () => {
    expect(raisedNotices(alert)).toEqual([
      { key: 'flood-warning:FA-D-02-20261130094107123', audience: { residentsOf: 'D-02' }, channel: 'EMAIL', template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' } },
      { key: 'road-hazard:FA-D-02-20261130094107123', audience: { partnersSubscribedTo: 'ROAD_HAZARDS' }, template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' } },
    ]);
  });

  it('gives a later episode of the same district other keys (so its warning is not taken for a repeat)', () => {
    const later = { ...alert, id: floodAlertId('D-02', new Date('2026-11-30T09:55:00.000Z')) };
    expect(raisedNotices(later).map((n) => n.key)).not.toEqual(raisedNotices(alert).map((n) => n.key));
  });

  it('tells both audiences when the episode ends', () => {
    expect(clearedNotices(alert).map((n) => [n.key, n.template, n.audience])).toEqual([
      ['flood-cleared:FA-D-02-20261130094107123', 'FLOOD_CLEARED', { residentsOf: 'D-02' }],
      ['road-hazard-cleared:FA-D-02-20261130094107123', 'FLOOD_CLEARED', { partnersSubscribedTo: 'ROAD_HAZARDS' }],
    ]);
  });
});
