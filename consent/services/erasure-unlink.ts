import { ERASED_CITIZEN_ID, ERASED_RECORD_ID } from '../domain/erased-citizen.js';
import type { ConsentRequestRecord, ConsentStore } from '../subgraph/store.js';

/** What unlinking removed or rewrote, for the erasure receipt. */
export interface UnlinkCounts {
  grants: number;
  consentRequests: number;
  breakGlassUses: number;
  requesterBlocks: number;
}

/**
 * The erasure step that leaves no row of the consent store naming the citizen beside an identifier one of their
 * access-log leaves carries: a grant id (grant-state leaves, `basis: CONSENT:<id>`), a request id (`basis:
 * REQUEST:<id>`), a break-glass request id and justification hash. Kept, such a row would tie that leaf, and through
 * the leaf's tag every other leaf of theirs, back to the citizen after their data key is gone.
 *
 * - Grants go, with their daily usage counts: an erased citizen's grant can never release anything again, its row
 *   named the citizen (and, in its history and signed receipt, as the one who acted), and its states stay in the log.
 * - Consent requests stay for their requester, with the citizen's id replaced by ERASED_CITIZEN_ID and no longer
 *   delivered: a pending one then reads exactly like a request to an unknown citizen (PENDING until it expires, then
 *   EXPIRED; the "no oracle" rule), an answered one keeps its answer. A one-ride request also loses its ride id
 *   (`onlyRecord.id` becomes ERASED_RECORD_ID): transport keeps the ride with the citizen's id, so the ride id beside
 *   the request id would be the same tie. (The request's id itself is keyed by the shredded data key:
 *   RideRequestIds; nothing computes it from the ride any more.)
 * - Break-glass uses stay for the city's review (which official, when, for which request, the justification's hash),
 *   re-keyed without the citizen (the id was `<requestId>|<citizenId>`) and with ERASED_CITIZEN_ID as the citizen.
 * - The citizen's blocks on requesters go: they protected a citizen who is no longer there to ask.
 *
 * Idempotent: a second run finds nothing under the citizen's id and changes nothing. Writes go through the store
 * interface only (SQLite and MongoDB alike).
 */
/**
 * How a consent request to an erased citizen is kept (at erasure, and when one is made afterwards): not delivered,
 * naming neither the citizen nor the record a one-record request was about.
 */
export function requestWithoutCitizen(request: Pick<ConsentRequestRecord, 'onlyRecord'>): Pick<ConsentRequestRecord, 'citizenId' | 'delivered' | 'onlyRecord'> {
  return { citizenId: ERASED_CITIZEN_ID, delivered: false, ...(request.onlyRecord ? { onlyRecord: { ...request.onlyRecord, id: ERASED_RECORD_ID } } : {}) };
}

export async function unlinkErasedCitizen(store: ConsentStore, citizenId: string): Promise<UnlinkCounts> {
  const grantIds = (await store.grants.find({ citizenId })).map((g) => g.id);
  if (grantIds.length > 0) await store.grantUsage.deleteMany({ grantId: { $in: grantIds } });
  const grants = await store.grants.deleteMany({ citizenId });

  const requests = await store.consentRequests.find({ citizenId });
  for (const request of requests) await store.consentRequests.update(request.id, requestWithoutCitizen(request));

  const uses = await store.breakGlassUses.find({ citizenId });
  if (uses.length > 0) {
    // Inserted before the old rows go, so that a use is never lost: after a crash in between, the repeated erasure
    // call (which runs this step again) finds the old rows and finishes.
    const unlinked = uses.map(({ id: _id, noteId: _note, ...use }) => ({
      ...use,
      id: `${use.requestId}|${ERASED_CITIZEN_ID}|${use.justificationHash}`,
      citizenId: ERASED_CITIZEN_ID,
      noteId: '',
    }));
    await store.breakGlassUses.insertMany(unlinked, { ignoreDuplicates: true });
    await store.breakGlassUses.deleteMany({ citizenId });
  }

  const requesterBlocks = await store.requesterBlocks.deleteMany({ citizenId });
  return { grants, consentRequests: requests.length, breakGlassUses: uses.length, requesterBlocks };
}
