/**
 * jest's `expect` takes no message. Run an assertion and, when it fails, put the label (which case, which file) at
 * the top of its message, so that a failure inside a loop says which iteration failed.
 */
export function labelled(label: string, assertion: () => void): void {
  try {
    assertion();
  } catch (error) {
    if (error instanceof Error) error.message = `${label}\n\n${error.message}`;
    throw error;
  }
}
