import { BadUserInputError, ForbiddenError } from '../../../platform/errors.js';
import type { CitizenResolvers } from '../__generated__/resolvers-types.js';
import type { ConsentContext } from '../context.js';
import type { CitizenRecord } from '../store.js';
import { requestHead } from './transparency.js';

/** Personal fields resolve from the stored record; the consent transform decides and decrypts each of them. */
const fromRecord = (field: 'name' | 'phone' | 'dateOfBirth' | 'homeAddress' | 'email' | 'homeDistrict') =>
  async (parent: { id: string }, _args: unknown, ctx: ConsentContext): Promise<string | null> =>
    ((await ctx.citizens.load(parent.id)) as CitizenRecord | null)?.[field] ?? null;

function requireSelf(ctx: ConsentContext, citizenId: string): void {
  if (ctx.principal.kind !== 'citizen' || ctx.principal.id !== citizenId) throw new ForbiddenError('Only the citizen can see this.');
}

const MAX_PAGE = 100;

export const Citizen: CitizenResolvers = {
  async __resolveReference(reference, ctx) {
    ctx.consent.prime([reference.id]);
    const citizen = await ctx.citizens.load(reference.id);
    return citizen ? { id: citizen.id } : null;
  },
  name: fromRecord('name'),
  phone: fromRecord('phone'),
  dateOfBirth: fromRecord('dateOfBirth'),
  homeAddress: fromRecord('homeAddress'),
  email: fromRecord('email'),
  homeDistrict: fromRecord('homeDistrict'),
  consents: (parent, _args, ctx) => ctx.services.grants.listFor(ctx.principal, parent.id),
  async accessLog(parent, { first, after }, ctx) {
    requireSelf(ctx, parent.id);
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw new BadUserInputError(`first must be from 1 to ${MAX_PAGE}.`);
    const before = after ? Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^seq:/, '')) : undefined;
    if (after && (!Number.isInteger(before) || before! < 1)) throw new BadUserInputError('after is not a cursor this list gave out.');
    // The head first: every entry read after it is covered by it or by the newer head signed for this request.
    const head = await requestHead(ctx);
    const page = await ctx.services.accessLog.page(parent.id, size, before);
    const proofs = await ctx.services.accessLog.inclusionProofs(
      page.entries.map((e) => e.leafIndex),
      head.treeSize,
    );
    const cursor = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');
    return {
      edges: page.entries.map((entry) => ({ cursor: cursor(entry.seq), node: { ...entry, proof: proofs.get(entry.leafIndex) ?? null } })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.entries.length ? cursor(page.entries.at(-1)!.seq) : null },
      head,
    };
  },
  async accessLogVerification(parent, _args, ctx) {
    requireSelf(ctx, parent.id);
    return ctx.services.accessLog.verify(parent.id);
  },
};
