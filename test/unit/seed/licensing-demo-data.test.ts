import { describe, expect, it } from '@jest/globals';
import { buildDemoLicensing, DEMO_BUSINESSES } from '../../../seed/licensing-demo-data.js';
import { nextStatus } from '../../../subgraphs/licensing/domain/application-workflow.js';
import { plannedReminders } from '../../../subgraphs/licensing/domain/reminders.js';
import { gradeRisk, riskLevelOf } from '../../../subgraphs/licensing/domain/risk.js';
import { prng } from '../../../seed/demo-layout.js';

const DAY_MS = 86_400_000;
const now = new Date('2026-06-01T09:00:00.000Z');
const demo = buildDemoLicensing({ now, citizens: 1000, random: prng(1002) });
const daysFromNow = (iso: string) => (Date.parse(iso) - now.getTime()) / DAY_MS;

describe('demo licensing register', () => {
  it('is the same every time for the same seed', () => {
    expect(buildDemoLicensing({ now, citizens: 1000, random: prng(1002) })).toEqual(demo);
  });

  it('has 300 businesses with unique ids B-0001.. owned by demo citizens', () => {
    expect(demo.businesses).toHaveLength(DEMO_BUSINESSES);
    expect(demo.businesses[0]!.id).toBe('B-0001');
    expect(new Set(demo.businesses.map((b) => b.id)).size).toBe(DEMO_BUSINESSES);
    for (const business of demo.businesses) expect(business.citizenId).toMatch(/^C-(0\d{3}|1000)$/);
  });

  it('gives C-0001 two businesses, one with a licence expiring within 90 days', () => {
    const own = demo.businesses.filter((b) => b.citizenId === 'C-0001').map((b) => b.id);
    expect(own.length).toBeGreaterThanOrEqual(2);
    const expiringSoon = demo.licences.filter((l) => own.includes(l.businessId) && daysFromNow(l.expiresAt) > 0 && daysFromNow(l.expiresAt) <= 90);
    expect(expiringSoon.length).toBeGreaterThanOrEqual(1);
  });

  it('spreads expiries from 30 days ago to 400 days ahead, issued no later than now', () => {
    for (const licence of demo.licences) {
      expect(daysFromNow(licence.expiresAt)).toBeLessThanOrEqual(400);
      expect(Date.parse(licence.issuedAt)).toBeLessThan(now.getTime());
    }
    expect(demo.licences.some((l) => daysFromNow(l.expiresAt) < 0)).toBe(true);
    expect(demo.licences.some((l) => daysFromNow(l.expiresAt) > 365)).toBe(true);
  });

  it('has plenty of active, unrenewed licences expiring within 90 days at every risk level', () => {
    const due = demo.licences.filter((l) => l.status === 'ACTIVE' && !l.renewedAt && daysFromNow(l.expiresAt) > 0 && daysFromNow(l.expiresAt) <= 90);
    for (const level of ['LOW', 'MEDIUM', 'HIGH'] as const) {
      expect(due.filter((l) => riskLevelOf(l.permits) === level).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('has renewed and suspended licences, and licences point at existing businesses', () => {
    const ids = new Set(demo.businesses.map((b) => b.id));
    expect(demo.licences.every((l) => ids.has(l.businessId))).toBe(true);
    expect(demo.licences.some((l) => l.renewedAt !== null)).toBe(true);
    expect(demo.licences.some((l) => l.status === 'SUSPENDED')).toBe(true);
  });

  it('has three applications in each status, made by the owner of the business', () => {
    for (const status of ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED'] as const) {
      expect(demo.applications.filter((a) => a.status === status)).toHaveLength(3);
    }
    const owners = new Map(demo.businesses.map((b) => [b.id, b.citizenId]));
    for (const application of demo.applications) expect(application.citizenId).toBe(owners.get(application.businessId));
    expect(demo.applications.some((a) => a.citizenId === 'C-0001' && a.status === 'SUBMITTED')).toBe(true);
  });

  it('links every approved application to the licence issued for it, with the same permits', () => {
    for (const application of demo.applications.filter((a) => a.status === 'APPROVED')) {
      const licence = demo.licences.find((l) => l.id === application.licenceId)!;
      expect(licence.applicationId).toBe(application.id);
      expect(licence.permits).toEqual(application.permits);
    }
  });

  it('records each application’s moves as legal transitions that end in its status', () => {
    for (const application of demo.applications) {
      const moves = demo.transitions.filter((t) => t.applicationId === application.id);
      let status = 'SUBMITTED' as (typeof moves)[number]['from'];
      for (const move of moves) {
        expect(move.from).toBe(status);
        expect(move.id).toBe(`${application.id}:${move.from}`);
        status = nextStatus(status, move.decision);
        expect(move.to).toBe(status);
      }
      expect(status).toBe(application.status);
    }
  });

  it('grades the named businesses by their records: B-0003 LOW permits but HIGH, B-0005 MEDIUM permits but HIGH, B-0006 LOW with a late renewal', () => {
    const current = (id: string) => demo.licences.filter((l) => l.businessId === id).reduce((a, b) => (a.expiresAt >= b.expiresAt ? a : b));
    const grade = (id: string) => gradeRisk(current(id).permits, { licences: demo.licences.filter((l) => l.businessId === id), inspections: demo.inspections.filter((i) => i.businessId === id) }, now);
    expect([riskLevelOf(current('B-0003').permits), grade('B-0003').level, grade('B-0003').reasons.map((r) => r.code)]).toEqual(['LOW', 'HIGH', ['LOW_RISK_PERMIT', 'LAPSE', 'INSPECTION_MAJOR', 'RECORD_RAISES_RISK']]);
    expect(grade('B-0005').level).toBe('HIGH');
    expect(grade('B-0006').reasons.map((r) => r.code)).toEqual(['LOW_RISK_PERMIT', 'LATE_RENEWAL']);
  });

  it('gives businesses different records: late renewals, lapses, findings of every severity, and clean records', () => {
    const codes = new Map<string, number>();
    for (const business of demo.businesses) {
      const licences = demo.licences.filter((l) => l.businessId === business.id);
      const current = licences.reduce((a, b) => (a.expiresAt >= b.expiresAt ? a : b));
      for (const reason of gradeRisk(current.permits, { licences, inspections: demo.inspections.filter((i) => i.businessId === business.id) }, now).reasons) codes.set(reason.code, (codes.get(reason.code) ?? 0) + 1);
    }
    for (const code of ['LATE_RENEWAL', 'LAPSE', 'INSPECTION_MINOR', 'INSPECTION_MAJOR', 'INSPECTION_CRITICAL', 'RECORD_RAISES_RISK', 'CLEAN_RECORD']) {
      expect(codes.get(code) ?? 0).toBeGreaterThanOrEqual(3);
    }
  });

  it('makes every reminder of every licence fall due a whole number of days after seeding, never in a demo’s first hours', () => {
    for (const licence of demo.licences) {
      for (const level of ['LOW', 'MEDIUM', 'HIGH'] as const) {
        for (const step of plannedReminders(licence, level)) expect(Number.isInteger(daysFromNow(step.dueAt))).toBe(true);
      }
    }
  });
});
