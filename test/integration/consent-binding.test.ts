import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SyntheticFaces } from '../../bench/biometrics/evaluation.js';
import { labelled } from '../support/labelled.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import type { Department } from '../../platform/services.js';

/**
 * Issue 16, items 1 and 2: statutes release exactly the fields they name, and grants are bound to the subgraphs
 * whose data they cover. Each reproduction here released data on the code before the fix.
 */
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 100, sensors: 500 });
});
afterAll(async () => {
  await hub?.close();
});

const codeAt = (errors: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined, path: string) =>
  errors?.find((e) => e.path?.join('.') === path)?.extensions?.code;

describe('statutes release only the fields they name', () => {
  const cases: Array<[Department, string]> = [
    ['water', 'SERVICE_DELIVERY'],
    ['sensors', 'SERVICE_DELIVERY'],
    ['licensing', 'SERVICE_DELIVERY'],
    ['water', 'FLOOD_RESPONSE'],
  ];

  it.each(cases)('%s staff (%s) read a name statute allows, never the date of birth', async (department, purpose) => {
    const token = await staffToken(hub, department);
    const answer = await graphql(hub, '{ citizen(id: "C-0010") { id name dateOfBirth } }', {}, { token, purpose });
    const citizen = answer.body.data!.citizen as { id: string; name: string | null; dateOfBirth: string | null };
    labelled(`${department}/${purpose}: dateOfBirth`, () => expect(citizen.dateOfBirth).toBeNull());
    labelled(`${department}/${purpose}: code`, () => expect(codeAt(answer.body.errors, 'citizen.dateOfBirth')).toBe('CONSENT_REQUIRED'));
    labelled(`${department}/${purpose}: name`, () => expect(typeof citizen.name).toBe('string'));
  });

  it('lists every statute publicly, by field coordinates, in both languages', async () => {
    const answer = await graphql(hub, contract('statutes.graphql'));
    expect(answer.body.errors).toBeUndefined();
    const statutes = answer.body.data!.statutes as Array<{ id: string; department: string; purpose: string; fields: string[]; legalReference: string; description: string; descriptionZh: string }>;
    expect(statutes.length).toBeGreaterThan(5);
    for (const statute of statutes) {
      labelled(statute.id, () => expect(statute.fields.every((f) => /^[A-Z]\w*\.\w+$/.test(f))).toBe(true));
      labelled(statute.id, () => expect(statute.description.length).toBeGreaterThan(20));
      labelled(statute.id, () => expect(/[\u4e00-\u9fff]/.test(statute.descriptionZh)).toBe(true));
      labelled(statute.id, () => expect(statute.legalReference.length).toBeGreaterThan(3));
    }
    const names = statutes.filter((s) => /\bname\b/i.test(s.description) && !/date of birth/i.test(s.description));
    expect(names.length).toBeGreaterThan(0);
    for (const statute of names) labelled(statute.id, () => expect(statute.fields).not.toContain('Citizen.dateOfBirth'));
  });
});

describe('grants are bound to the subgraphs they cover', () => {
  const faces = new SyntheticFaces('consent-binding');

  it('after face enrolment, transport (TAXI_ASSIST) reads saved places but not health check-ins', async () => {
    const citizen = await citizenToken(hub, 'C-0011');
    const enrolled = await graphql(hub, 'mutation($e: [Float!]!) { enrollFace(embedding: $e) { enrolledAt } }', { e: Array.from(faces.face()) }, { token: citizen });
    expect(enrolled.body.errors).toBeUndefined();

    const transport = await staffToken(hub, 'transport');
    const answer = await graphql(hub, '{ citizen(id: "C-0011") { checkIns(last: 5) { at } savedPlaces { label } } }', {}, { token: transport, purpose: 'TAXI_ASSIST' });
    const data = answer.body.data!.citizen as { checkIns: unknown; savedPlaces: unknown };
    expect(data.checkIns).toBeNull();
    expect(codeAt(answer.body.errors, 'citizen.checkIns')).toBe('CONSENT_REQUIRED');
    expect(data.savedPlaces).not.toBeNull();
  });

  it('records face enrolment’s grant as [(consent, BIOMETRIC), (transport, LOCATION)]', async () => {
    const citizen = await citizenToken(hub, 'C-0014');
    const enrolled = await graphql(hub, 'mutation($e: [Float!]!) { enrollFace(embedding: $e) { consent { scope { subgraph category } categories subgraphs } } }', { e: Array.from(faces.face()) }, { token: citizen });
    expect(enrolled.body.errors).toBeUndefined();
    const consent = (enrolled.body.data!.enrollFace as any).consent;
    expect(consent.scope).toEqual([{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'transport', category: 'LOCATION' }]);
    expect([...consent.categories].sort()).toEqual(['BIOMETRIC', 'LOCATION']);
    expect(consent.subgraphs).toEqual(['consent', 'transport']);
  });

  it('without subgraphs, a grant covers every subgraph holding the category, narrowed by the purpose map', async () => {
    const citizen = await citizenToken(hub, 'C-0012');
    const mutation = 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { scope { subgraph category } categories subgraphs summary(language: EN) summaryZh: summary(language: ZH_HANS) } }';
    const taxi = await graphql(hub, mutation, { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
    expect(taxi.body.errors).toBeUndefined();
    const grant = taxi.body.data!.grantConsent as any;
    expect(grant.scope).toEqual([{ subgraph: 'transport', category: 'LOCATION' }]);
    expect(grant.summary).toContain('where you go');
    expect(/[\u4e00-\u9fff]/.test(grant.summaryZh)).toBe(true);

    const research = await graphql(hub, mutation, { input: { granteeId: 'health', purpose: 'SERVICE_DELIVERY', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
    expect(research.body.errors).toBeUndefined();
    expect((research.body.data!.grantConsent as any).subgraphs).toEqual(['health', 'transport']);

    const explicit = await graphql(hub, mutation, { input: { granteeId: 'transport', purpose: 'SERVICE_DELIVERY', categories: ['CONTACT', 'LOCATION'], subgraphs: ['consent', 'transport'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
    expect(explicit.body.errors).toBeUndefined();
    expect((explicit.body.data!.grantConsent as any).scope).toEqual([
      { subgraph: 'consent', category: 'CONTACT' },
      { subgraph: 'consent', category: 'LOCATION' },
      { subgraph: 'transport', category: 'CONTACT' },
      { subgraph: 'transport', category: 'LOCATION' },
    ]);
    const unknown = await graphql(hub, mutation, { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], subgraphs: ['nowhere'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a grant in one subgraph does not open the same category in another', async () => {
    const citizen = await citizenToken(hub, 'C-0013');
    await graphql(hub, 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }', { input: { granteeId: 'licensing', purpose: 'LICENSING', categories: ['LOCATION'], subgraphs: ['transport'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
    const licensing = await staffToken(hub, 'licensing');
    const answer = await graphql(hub, '{ citizen(id: "C-0013") { checkIns(last: 1) { at } savedPlaces { label } } }', {}, { token: licensing, purpose: 'LICENSING' });
    expect(codeAt(answer.body.errors, 'citizen.checkIns')).toBe('CONSENT_REQUIRED');
    expect((answer.body.data!.citizen as any).savedPlaces).not.toBeNull();
  });
});
