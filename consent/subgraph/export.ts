import type { AccessLogEntry, Verification } from '../domain/access-log-entry.js';
import type { BreakGlassUseView } from '../services/break-glass-service.js';
import type { GrantRecord } from '../domain/grants.js';
import type { Ed25519Jwk, SignedTreeHead } from '../../contracts/transparency-log/transparency-log.js';
import type { InclusionProof } from '../services/transparency-log-service.js';
import type { CitizenRecord, GranteeRecord } from './store.js';

/**
 * How the log's entries name a citizen who acted (consent/domain/leaf-principal.ts), said in the export itself so
 * that the file explains its own `principal` fields without the hub's documentation.
 */
const CITIZEN_PRINCIPALS = {
  en: 'A citizen is never named by their id in this log. {kind: CITIZEN, id: SELF} is you. {kind: CITIZEN, name: "Another citizen"} is someone else: its id is a pseudonym (their own log\'s tag, or UNKNOWN) that says nothing about who they are and that nothing ties to them once their data is erased. Entries written before this rule may name a citizen by their id; the log is signed and cannot be rewritten.',
  'zh-Hans': '本记录从不以市民编号指明市民。{kind: CITIZEN, id: SELF} 是您本人。{kind: CITIZEN, name: "Another citizen"} 是另一位市民：其 id 是一个化名（该市民自己记录的标签，或 UNKNOWN），不透露其身份；该市民的数据被删除后，再也无法把它与其本人联系起来。在此规则之前写入的记录可能仍以编号指明市民；记录已签名，无法改写。',
} as const;

const REGISTER_FIELDS = ['name', 'phone', 'dateOfBirth', 'homeAddress', 'email', 'homeDistrict'] as const;

export interface IdentityExportInput {
  /** The register's personal fields, opened through the door for the citizen themself. */
  register: Partial<Record<(typeof REGISTER_FIELDS)[number], unknown>>;
  citizen: CitizenRecord;
  /** The citizen's grants, newest first, with their effective status. */
  grants: readonly GrantRecord[];
  grantees: ReadonlyMap<string, GranteeRecord>;
  accessLogEntries: number;
  verification: Verification;
  /** The whole log, oldest first: who (with the named official or the end user's hash), what, why. */
  log?: readonly AccessLogEntry[];
  /** Each entry's inclusion proof against `transparency.head`, by leaf index. */
  proofs?: ReadonlyMap<number, InclusionProof>;
  /** The newest signed head and the key that signs heads: a standalone verifier checks the log with them alone. */
  transparency?: { head: SignedTreeHead; keys: Ed25519Jwk[] };
  /** Break-glass releases about the citizen, with the reasons opened for them. */
  breakGlassUses?: readonly BreakGlassUseView[];
}

/**
 * The citizen register's section of a data export: the register's personal fields (opened by the caller through
 * the door), every consent with its history and
 * signed receipt, and the size and verification of the access log. Pure: the caller reads the records.
 */
export function buildIdentityExport(input: IdentityExportInput): Record<string, unknown> {
  const { register, citizen } = input;
  const open = (field: (typeof REGISTER_FIELDS)[number]): unknown => register[field] ?? null;
  return {
    citizenId: citizen.id,
    name: open('name'),
    phone: open('phone'),
    dateOfBirth: open('dateOfBirth'),
    homeAddress: open('homeAddress'),
    email: open('email'),
    homeDistrict: open('homeDistrict'),
    registeredAt: citizen.createdAt,
    consents: input.grants.map((grant) => {
      const grantee = input.grantees.get(grant.granteeId);
      return {
        id: grant.id,
        grantee: { id: grant.granteeId, name: grantee?.name ?? grant.granteeId, kind: grantee?.kind ?? null },
        purpose: grant.purpose,
        scope: grant.scope,
        categories: grant.categories,
        validFrom: grant.validFrom,
        validUntil: grant.validUntil,
        fetchLimitPerDay: grant.fetchLimitPerDay ?? null,
        status: grant.status,
        createdAt: grant.createdAt,
        changedAt: grant.changedAt,
        history: grant.history.map(({ at, action, status }) => ({ at, action, status })),
        receipt: grant.receipt,
      };
    }),
    accessLog: {
      about: { principals: CITIZEN_PRINCIPALS },
      entries: input.accessLogEntries,
      verification: input.verification,
      log: (input.log ?? []).map((e) => ({
        seq: e.seq,
        at: e.at,
        principal: e.principal,
        coordinate: e.coordinate,
        category: e.category,
        purpose: e.purpose,
        decision: e.decision,
        basis: e.basis,
        code: e.code,
        requestId: e.requestId,
        breakGlass: e.breakGlass === true,
        ...(e.justificationHash ? { justificationHash: e.justificationHash } : {}),
        ...(e.count !== undefined ? { count: e.count, until: e.until } : {}),
        leafIndex: e.leafIndex,
        leaf: e.leaf,
        proof: input.proofs?.get(e.leafIndex) ?? null,
      })),
      ...(input.transparency ? { head: input.transparency.head, keys: input.transparency.keys } : {}),
    },
    breakGlassUses: (input.breakGlassUses ?? []).map(({ at, department, departmentName, official, requestId, justification }) => ({ at, department, departmentName, official, requestId, justification })),
  };
}
