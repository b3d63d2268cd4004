import { describe, expect, it } from '@jest/globals';
import { buildLicensingExport } from '../../../../subgraphs/licensing/export.js';
import type { ApplicationRecord, BusinessRecord, LicenceRecord } from '../../../../subgraphs/licensing/store.js';

const business = (id: string): BusinessRecord => ({ id, citizenId: 'C-0001', name: `Shop ${id}`, tradingAddress: '1 Market Street', districtId: 'D-01', createdAt: '2025-01-01T00:00:00.000Z' });
const licence = (id: string, businessId: string, expiresAt: string, status: LicenceRecord['status'] = 'ACTIVE'): LicenceRecord => ({
  id,
  businessId,
  permits: ['FOOD_BUSINESS', 'LIQUOR_RETAIL'],
  status,
  issuedAt: '2025-01-01T00:00:00.000Z',
  expiresAt,
  renewedAt: null,
  applicationId: null,
});

describe('the licensing section of a data export', () => {
  it('nests each licence under its business, with status and risk derived as the graph derives them', () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    const application: ApplicationRecord = { id: 'LA-00001', citizenId: 'C-0001', businessId: 'B-0002', permits: ['SIGNAGE'], status: 'SUBMITTED', submittedAt: '2026-05-01T00:00:00.000Z', updatedAt: null, licenceId: null };
    const section = buildLicensingExport(
      {
        businesses: [business('B-0001'), business('B-0002')],
        licences: [licence('L-00002', 'B-0002', '2026-01-01T00:00:00.000Z'), licence('L-00001', 'B-0001', '2027-01-01T00:00:00.000Z'), licence('L-00003', 'B-0001', '2027-01-01T00:00:00.000Z', 'SUSPENDED')],
        applications: [application],
      },
      now,
    ) as any;
    expect(section.businesses.map((b: any) => [b.id, b.licences.map((l: any) => [l.id, l.status, l.riskLevel])])).toEqual([
      ['B-0001', [['L-00001', 'ACTIVE', 'HIGH'], ['L-00003', 'SUSPENDED', 'HIGH']]],
      ['B-0002', [['L-00002', 'EXPIRED', 'HIGH']]],
    ]);
    expect(section.applications).toEqual([{ id: 'LA-00001', businessId: 'B-0002', status: 'SUBMITTED', permits: ['SIGNAGE'], riskLevel: 'LOW', submittedAt: '2026-05-01T00:00:00.000Z', updatedAt: null, licenceId: null }]);
  });

  it('lists each business’s inspections and grades its licences with that record, as the graph does', () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    const signage = { ...licence('L-00001', 'B-0001', '2027-01-01T00:00:00.000Z'), permits: ['SIGNAGE' as const] };
    const section = buildLicensingExport(
      { businesses: [business('B-0001')], licences: [signage], applications: [], inspections: [{ id: 'I-00001', businessId: 'B-0001', at: '2026-03-01T00:00:00.000Z', severity: 'CRITICAL' }] },
      now,
    ) as any;
    expect(section.businesses[0].inspections).toEqual([{ at: '2026-03-01T00:00:00.000Z', severity: 'CRITICAL' }]);
    expect(section.businesses[0].licences[0]).toMatchObject({ riskLevel: 'HIGH', riskReasons: ['LOW_RISK_PERMIT', 'INSPECTION_CRITICAL', 'RECORD_RAISES_RISK'] });
  });

  it('answers empty lists for a citizen who owns nothing and applied for nothing', () => {
    expect(buildLicensingExport({ businesses: [], licences: [], applications: [] }, new Date())).toEqual({ businesses: [], applications: [] });
  });
});
