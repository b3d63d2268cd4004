import crypto from 'node:crypto';

/** Hex SHA-256 of a UTF-8 string (persisted-operation ids, cache keys). Not a MAC: never use it to authenticate. */
export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
