/**
 * What a row of the consent store holds in place of a citizen's id once that citizen is erased
 * (consent/services/erasure-unlink.ts). Never a citizen id (those are `C-` and digits), so no citizen can ever read
 * or be charged with such a row.
 */
export const ERASED_CITIZEN_ID = 'ERASED';
