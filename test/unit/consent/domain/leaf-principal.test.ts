import { describe, expect, it } from '@jest/globals';
import { ANOTHER_CITIZEN_NAME, CONSENT_SERVICE_PRINCIPAL, leafActor, leafPrincipal, needsActingTag, SELF_PRINCIPAL, UNKNOWN_CITIZEN_ID } from '../../../../consent/domain/leaf-principal.js';
import type { Principal } from '../../../../platform/principal.js';

const base = { roles: [], scopes: [], requestId: 'r' };
const citizen = (id: string): Principal => ({ kind: 'citizen', id, ...base });
const TAG = 'k3nW9sVd0mZ2nSx0bJtq3yq2X4b0zGvJ1cVYqM7xQ9s';

describe('a citizen who acted is never named by their id in a leaf', () => {
  it('names a citizen SELF in the leaves of their own log', () => {
    const actor = leafActor(citizen('C-0001'), { actingCitizenTag: TAG });
    expect(leafPrincipal(actor, 'C-0001')).toEqual({ kind: 'CITIZEN', id: 'SELF', name: 'SELF' });
  });

  it('names a citizen by their own tag, as "Another citizen", in the leaves of someone else’s log', () => {
    const actor = leafActor(citizen('C-0001'), { actingCitizenTag: TAG });
    expect(leafPrincipal(actor, 'C-0002')).toEqual({ kind: 'CITIZEN', id: TAG, name: ANOTHER_CITIZEN_NAME });
    expect(JSON.stringify(leafPrincipal(actor, 'C-0002'))).not.toContain('C-0001');
  });

  it('names a citizen without a live data key (never registered, or erased) UNKNOWN on someone else’s data', () => {
    const actor = leafActor(citizen('C-0001'));
    expect(leafPrincipal(actor, 'C-0002')).toEqual({ kind: 'CITIZEN', id: UNKNOWN_CITIZEN_ID, name: ANOTHER_CITIZEN_NAME });
    expect(leafPrincipal(actor, 'C-0001')).toBe(SELF_PRINCIPAL);
  });

  it('names one request’s leaves per subject: SELF on the own one, the pseudonym on the others', () => {
    const actor = leafActor(citizen('C-0001'), { actingCitizenTag: TAG });
    const named = ['C-0002', 'C-0001', 'C-0003'].map((subject) => leafPrincipal(actor, subject).id);
    expect(named).toEqual([TAG, 'SELF', TAG]);
  });

  it('asks for the acting citizen’s tag only when a subject is someone else', () => {
    expect(needsActingTag(citizen('C-0001'), ['C-0001'])).toBe(false);
    expect(needsActingTag(citizen('C-0001'), ['C-0001', 'C-0002'])).toBe(true);
    const staff: Principal = { kind: 'staff', id: 'staff:transport:T-1', department: 'transport', official: 'T-1', ...base };
    expect(needsActingTag(staff, ['C-0002'])).toBe(false);
    expect(needsActingTag(null, ['C-0002'])).toBe(false);
  });
});

describe('everyone else is named as before', () => {
  it('names staff by department, display name and official, whoever the subject is', () => {
    const staff: Principal = { kind: 'staff', id: 'staff:transport:T-0042', department: 'transport', official: 'T-0042', ...base };
    expect(leafPrincipal(leafActor(staff), 'C-0002')).toEqual({ kind: 'STAFF', id: 'transport', name: 'Transport Department', official: 'T-0042' });
  });

  it('names a department’s own processing SERVICE with the department', () => {
    const service: Principal = { kind: 'service', id: 'health', department: 'health', ...base };
    expect(leafPrincipal(leafActor(service), 'C-0002')).toMatchObject({ kind: 'SERVICE', id: 'health' });
  });

  it('names a partner by its id and directory name, or its id when the directory has none', () => {
    const partner: Principal = { kind: 'partner', id: 'robotaxi', ...base };
    expect(leafPrincipal(leafActor(partner, { partnerName: 'RoboTaxi Co.' }), 'C-0002')).toEqual({ kind: 'PARTNER', id: 'robotaxi', name: 'RoboTaxi Co.' });
    expect(leafPrincipal(leafActor(partner), 'C-0002')).toEqual({ kind: 'PARTNER', id: 'robotaxi', name: 'robotaxi' });
  });

  it('names admins, anonymous callers and the consent service’s own upkeep', () => {
    expect(leafPrincipal(leafActor({ kind: 'admin', id: 'admin:ops', ...base }), 'C-0002')).toEqual({ kind: 'ADMIN', id: 'admin:ops', name: 'City administrator' });
    expect(leafPrincipal(leafActor({ kind: 'anonymous', id: 'anonymous', ...base }), 'C-0002')).toEqual({ kind: 'ANONYMOUS', id: 'anonymous', name: 'anonymous' });
    expect(leafPrincipal(leafActor(null), 'C-0002')).toBe(CONSENT_SERVICE_PRINCIPAL);
  });

  it('never turns a non-citizen into SELF, even when its id equals the subject’s', () => {
    expect(leafPrincipal(leafActor({ kind: 'admin', id: 'C-0002', ...base }), 'C-0002').id).toBe('C-0002');
  });
});
