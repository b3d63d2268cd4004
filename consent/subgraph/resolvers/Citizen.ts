import type { CitizenResolvers } from '../__generated__/resolvers-types.js';
import type { CitizenRecord } from '../store.js';

/** Personal fields resolve from the stored record; the consent transform decides and decrypts each of them. */
const fromRecord = (field: 'name' | 'phone' | 'dateOfBirth' | 'homeAddress') =>
  async (parent: { id: string }, _args: unknown, ctx: { citizens: { load(id: string): Promise<CitizenRecord | null> } }) =>
    (await ctx.citizens.load(parent.id))?.[field] ?? null;

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
};
