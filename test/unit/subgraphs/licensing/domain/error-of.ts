/** The code, extensions and message of the error a call throws; fails the test when it does not throw. */
export function errorOf(run: () => unknown): { code: unknown; extensions: Record<string, unknown>; message: string } {
  try {
    run();
  } catch (error) {
    const e = error as { extensions?: Record<string, unknown>; message: string };
    return { code: e.extensions?.code, extensions: e.extensions ?? {}, message: e.message };
  }
  throw new Error('expected an error');
}
