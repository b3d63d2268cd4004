import type { Principal } from '../../platform/principal.js';
import { isBreakGlass } from '../../platform/principal.js';
import { DEPARTMENT_DISPLAY_NAMES, isDepartment } from '../../platform/services.js';
import { admitBreakGlass, BREAK_GLASS_WINDOW_MS, type BreakGlassStanding } from '../domain/break-glass.js';
import { ERASED_CITIZEN_ID } from '../domain/erased-citizen.js';
import type { BreakGlassUseRecord, ConsentStore } from '../subgraph/store.js';
import type { SealedNotes } from './sealed-notes.js';

/** A break-glass release as reviewers and the citizen see it: the justification opened (null once erased). */
export interface BreakGlassUseView extends Omit<BreakGlassUseRecord, 'noteId' | 'officialKey'> {
  departmentName: string;
  justification: string | null;
}

/** Serialises admissions per official, so that concurrent requests cannot both pass the cap. */
class Serial {
  private readonly tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return next;
  }
}

/**
 * Break-glass bookkeeping in the consent service: admits citizens against the official's hourly cap, records each
 * release (one per request and citizen) with the justification sealed under the citizen's data key, and lists
 * releases for administrators and for the citizen concerned.
 */
export class BreakGlassService {
  private readonly serial = new Serial();

  constructor(
    private readonly store: ConsentStore,
    private readonly notes: SealedNotes,
    private readonly citizensPerHour: number,
  ) {}

  /**
   * For a break-glass principal: which of these (live, not erased) citizens may be released now. Records the
   * released ones before answering, so that a release is never unrecorded.
   */
  async admit(principal: Principal, citizenIds: readonly string[], now: Date): Promise<Map<string, BreakGlassStanding>> {
    const out = new Map<string, BreakGlassStanding>();
    if (!isBreakGlass(principal) || !principal.department || !principal.official || citizenIds.length === 0) return out;
    const { department, official, requestId } = principal;
    const justification = principal.justification!;
    const officialKey = `${department}:${official}`;
    return this.serial.run(officialKey, async () => {
      const since = new Date(now.getTime() - BREAK_GLASS_WINDOW_MS).toISOString();
      const recent = await this.store.breakGlassUses.find({ officialKey, at: { $gt: since } });
      const unique = [...new Set(citizenIds)];
      // An erased citizen's uses no longer say whom they reached: each counts as a citizen of its own (never fewer
      // than were reached; more only when an erased citizen was reached twice within the hour).
      const reached = new Set(recent.map((u) => (u.citizenId === ERASED_CITIZEN_ID ? u.id : u.citizenId)));
      const standings = admitBreakGlass(unique, reached, this.citizensPerHour);
      const released = unique.filter((_, i) => standings[i] === 'RELEASE');
      const notes = await this.notes.seal('JUSTIFICATION', requestId, released, justification, now);
      const uses: BreakGlassUseRecord[] = [];
      for (const citizenId of released) {
        const note = notes.get(citizenId);
        if (!note) continue;
        uses.push({ id: `${requestId}|${citizenId}`, citizenId, department, official, officialKey, requestId, at: now.toISOString(), noteId: note.id, justificationHash: note.hash });
      }
      await this.store.breakGlassUses.insertMany(uses, { ignoreDuplicates: true });
      unique.forEach((id, i) => out.set(id, standings[i]!));
      return out;
    });
  }

  async list(filter: { citizenId?: string; department?: string; official?: string; since?: string }, limit: number): Promise<BreakGlassUseView[]> {
    const rows = await this.store.breakGlassUses.find(
      {
        ...(filter.citizenId ? { citizenId: filter.citizenId } : {}),
        ...(filter.department ? { department: filter.department } : {}),
        ...(filter.official ? { official: filter.official } : {}),
        ...(filter.since ? { at: { $gte: filter.since } } : {}),
      },
      { sort: [['at', -1]], limit },
    );
    const texts = await this.notes.open(rows.map((r) => r.noteId));
    return rows.map(({ noteId, officialKey: _key, ...use }) => ({
      ...use,
      departmentName: isDepartment(use.department) ? DEPARTMENT_DISPLAY_NAMES[use.department] : use.department,
      justification: texts.get(noteId) ?? null,
    }));
  }
}
