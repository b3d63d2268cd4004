/**
 * What a row of the consent store holds in place of a citizen's id once that citizen is erased
 * (consent/services/erasure-unlink.ts). Never a citizen id (those are `C-` and digits), so no citizen can ever read
 * or be charged with such a row.
 */
export const ERASED_CITIZEN_ID = 'ERASED';

/**
 * What a kept consent request holds in place of the record a one-record request named (a ride id) once its citizen
 * is erased: the department keeps that record with the citizen's id, so beside the request's id (which a leaf of
 * theirs carries) it would tie the leaf back to them.
 */
export const ERASED_RECORD_ID = 'ERASED';
