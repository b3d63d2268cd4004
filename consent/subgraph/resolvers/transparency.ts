import { BadUserInputError } from '../../../platform/errors.js';
import type { SignedTreeHead } from '../../../contracts/transparency-log/transparency-log.js';
import type { ConsentContext } from '../context.js';

const heads = new WeakMap<ConsentContext, Promise<SignedTreeHead>>();

/**
 * The head one request works against: read (or signed, when the tree grew past the newest head) once per request,
 * so that `transparencyHead` and every entry's proof in the same answer agree.
 */
export function requestHead(ctx: ConsentContext): Promise<SignedTreeHead> {
  let head = heads.get(ctx);
  if (!head) {
    head = ctx.services.accessLog.currentHead();
    heads.set(ctx, head);
  }
  return head;
}

/** RFC 9162 consistency proof between two sizes no larger than the request's head. */
export async function consistency(ctx: ConsentContext, fromSize: number, toSize: number): Promise<{ fromSize: number; toSize: number; proof: string[] }> {
  const head = await requestHead(ctx);
  if (!Number.isInteger(fromSize) || !Number.isInteger(toSize) || fromSize < 0 || fromSize > toSize || toSize > head.treeSize) {
    throw new BadUserInputError(`Sizes must satisfy 0 <= fromSize <= toSize <= ${head.treeSize} (the newest head).`);
  }
  return { fromSize, toSize, proof: await ctx.services.accessLog.tree.consistencyProof(fromSize, toSize) };
}
