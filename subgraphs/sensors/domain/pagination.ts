const CURSOR_PREFIX = 'sensor:';

/** Cursors are opaque to clients: base64url of the last sensor id seen, so that pages stay stable under inserts. */
export function encodeSensorCursor(sensorId: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${sensorId}`, 'utf8').toString('base64url');
}

/** The sensor id a cursor stands for, or null when the string is not a cursor this service issued. */
export function decodeSensorCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX)) return null;
  const sensorId = decoded.slice(CURSOR_PREFIX.length);
  return /^S-\d{6,}$/.test(sensorId) ? sensorId : null;
}

export const MAX_PAGE_SIZE = 100;

export function isValidPageSize(first: number): boolean {
  return Number.isInteger(first) && first >= 1 && first <= MAX_PAGE_SIZE;
}
