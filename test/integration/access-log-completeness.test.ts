import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

let hub: TestHub;
const WINDOW_MS = 1500;

beforeAll(async () => {
  // The citizens' rate limit is raised out of the way (it has tests of its own): on a fast machine it answered most
  // of the loop below with 429 before the decision, and this file is about what the log does with refusals.
  hub = await startTestHub({ citizens: 50, sensors: 200, env: { HUB_REFUSAL_WINDOW_MS: String(WINDOW_MS), HUB_RATE_CITIZEN_BURST: '1000', HUB_RATE_CITIZEN_PER_SECOND: '1000' } });
});
afterAll(async () => {
  await hub?.close();
});

const LOG = '{ me { accessLog(first: 100) { edges { node { seq coordinate decision code count until principal { kind id } proof { treeSize } } } } accessLogVerification { ok checkedEntries } } }';

async function logOf(citizenId: string) {
  const answer = await graphql(hub, LOG, {}, { token: await citizenToken(hub, citizenId) });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.me as { accessLog: { edges: Array<{ node: any }> }; accessLogVerification: { ok: boolean; checkedEntries: number } };
}

/** C-0010's entries in C-0011's log (the only citizen who acts on C-0011's data here). */
const byAnotherCitizen = (n: { principal: { kind: string } }) => n.principal.kind === 'CITIZEN';

describe('flood-proof: a repeated refusal is one entry, then one count entry when the window ends', () => {
  it("one citizen asking for another's field in a loop adds two entries, not hundreds", async () => {
    const token = await citizenToken(hub, 'C-0010');
    const attempts = 200;
    const started = Date.now();
    let refused = 0;
    for (let i = 0; i < attempts; i += 10) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => graphql(hub, '{ citizen(id: "C-0011") { name } }', {}, { token })));
      refused += answers.filter((a) => a.body.errors?.[0]?.extensions?.code === 'CONSENT_REQUIRED').length;
    }
    expect(refused).toBe(attempts);
    const elapsed = Date.now() - started;
    const during = (await logOf('C-0011')).accessLog.edges.map((e) => e.node).filter(byAnotherCitizen);
    // Per refusal code (CONSENT_REQUIRED, and RATE_LIMITED for attempts the citizen's own rate limit answered): the
    // first attempt at once, and, if the loop outlasted a window, that window's count entry and the next one's first.
    for (const code of ['CONSENT_REQUIRED', 'RATE_LIMITED']) {
      labelled(code, () => expect(during.filter((n) => n.code === code).length).toBeLessThanOrEqual(1 + 2 * Math.ceil(elapsed / WINDOW_MS)));
    }
    expect(during.every((n) => n.code === 'CONSENT_REQUIRED' || n.code === 'RATE_LIMITED')).toBe(true);
    // The first attempt is an entry of its own at once (the oldest; a loop that outlasted a window also has count entries).
    const first = during.filter((n) => n.code === 'CONSENT_REQUIRED').sort((a, b) => a.seq - b.seq)[0];
    expect(first).toMatchObject({ coordinate: 'Citizen.name', decision: 'DENIED', count: null });
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 1000));
    const after = await logOf('C-0011');
    const mine = after.accessLog.edges.map((e) => e.node).filter(byAnotherCitizen);
    // Each window: its first attempt as an entry, the repeats as one count entry; together every refusal, once. (An
    // attempt the citizen's own rate limit answered is a refusal of its own, RATE_LIMITED, counted apart.)
    const counted = mine.filter((n) => n.code === 'CONSENT_REQUIRED').reduce((sum, n) => sum + (n.count ?? 1), 0);
    expect(counted).toBe(refused);
    expect(mine.length).toBeLessThanOrEqual(2 * Math.ceil(elapsed / WINDOW_MS) + 2);
    expect(mine.length).toBeLessThan(refused / 5);
    // A citizen on someone else's data is one pseudonym (their own tag), never their id: the count entry too.
    expect(new Set(mine.map((n) => n.principal.id)).size).toBe(1);
    expect(mine.some((n) => n.principal.id === 'C-0010')).toBe(false);
    const countEntry = mine.find((n) => n.count);
    expect(countEntry).toMatchObject({ coordinate: 'Citizen.name', decision: 'DENIED', until: expect.any(String) });
    expect(after.accessLogVerification.ok).toBe(true);
  });
});

describe('complete: refusals decided before any field is', () => {
  it("records a department's refused export request in the citizen's log", async () => {
    const token = await staffToken(hub, 'health');
    const answer = await graphql(hub, '{ citizen(id: "C-0012") { export { identity } } }', {}, { token, purpose: 'PUBLIC_HEALTH' });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const entries = (await logOf('C-0012')).accessLog.edges.map((e) => e.node);
    expect(entries).toContainEqual(expect.objectContaining({ coordinate: 'Citizen.export', decision: 'DENIED', code: 'FORBIDDEN', principal: { kind: 'STAFF', id: 'health' } }));
  });

  it('records a gateway refusal that names a citizen (anonymous, before any subgraph is asked)', async () => {
    const answer = await graphql(hub, 'query($id: ID!) { citizen(id: $id) { name } }', { id: 'C-0013' });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const deadline = Date.now() + 5000;
    let entries: any[] = [];
    while (Date.now() < deadline) {
      entries = (await logOf('C-0013')).accessLog.edges.map((e) => e.node);
      if (entries.some((n) => n.coordinate === 'Query.citizen')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(entries).toContainEqual(expect.objectContaining({ coordinate: 'Query.citizen', decision: 'DENIED', code: 'UNAUTHENTICATED', principal: { kind: 'ANONYMOUS', id: 'anonymous' } }));
  });
});
