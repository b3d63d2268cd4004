import type { ConsentGuard } from './consent-guard.js';

/**
 * The request's consent guard, kept beside its context rather than in it: department code receives the context, but
 * only the enforcement code (which departments may not import) can reach the guard and the keys its decisions
 * release (ARCHITECTURE §4, one door). The context carries an opaque, frozen ticket under a private symbol (Apollo
 * Server shallow-copies the context for each operation, which copies the symbol too); the guard is looked up by it.
 */
const TICKET = Symbol('citygraph.consent-ticket');
const guards = new WeakMap<object, ConsentGuard>();

export function attachGuard<T extends object>(context: T, guard: ConsentGuard): T {
  const ticket = Object.freeze({});
  guards.set(ticket, guard);
  Object.defineProperty(context, TICKET, { value: ticket, enumerable: true, writable: false, configurable: false });
  return context;
}

/** The guard of a request context; a context without one was not built by the subgraph kit, so nothing is released. */
export function guardOf(context: object): ConsentGuard {
  const ticket = (context as { [TICKET]?: object })[TICKET];
  const guard = ticket ? guards.get(ticket) : undefined;
  if (!guard) throw new Error('this request context has no consent guard: personal fields cannot be released');
  return guard;
}
