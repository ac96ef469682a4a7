import type { CaseCommand, CaseStatus } from './case.decider';

/**
 * The roles of platform/http/actor.ts, plus `system`: the relay's own deadline watcher and reactions
 * (never a person).
 */
export const CASE_ROLES = [
  { role: 'ministry', nameKo: '중소벤처기업부' },
  { role: 'regional-office', nameKo: '지방중소벤처기업청' },
  { role: 'agency-staff', nameKo: '지원기관 담당자' },
  { role: 'crisis-center', nameKo: '위기지원센터' },
  { role: 'auditor', nameKo: '감사' },
  { role: 'admin', nameKo: '운영 관리자' },
  { role: 'system', nameKo: '시스템 (기한 감시·반응)' },
] as const;
export type CaseRole = (typeof CASE_ROLES)[number]['role'];

/** How an actor stands to a case. An actor can stand in several; `other` means none of the rest. */
export const CASE_RELATIONS = [
  { relation: 'holder', description: "The actor's agency holds the baton (바통) of the case." },
  { relation: 'target', description: "The actor's agency is the target of the case's open proposal." },
  {
    relation: 'regional-office',
    description:
      "The actor is staff of a regional SME office (지방중소벤처기업청) whose regions include the case's region.",
  },
  { relation: 'other', description: 'None of the above.' },
] as const;
export type CaseRelation = (typeof CASE_RELATIONS)[number]['relation'];

const ANY: readonly CaseRelation[] = ['holder', 'target', 'regional-office', 'other'];

export interface CasePermission {
  /** What the command does, for the generated docs page. */
  readonly description: string;
  /** Case states the command applies in; elsewhere it is refused with case-not-found / case-already-exists / case-closed. */
  readonly states: readonly CaseStatus[];
  /** Per role, the relations in which it may issue the command; a role not listed may never. */
  readonly roles: Partial<Readonly<Record<CaseRole, readonly CaseRelation[]>>>;
}

/**
 * Who may do what to a support case: role × case state × command, with the relation the actor must stand
 * in. `decide` enforces it (a refusal is a `forbidden` DomainError and writes nothing) and the docs page is
 * generated from it. Crisis centers hold and hand on cases like any support agency; the ministry and
 * auditors only read (through projections); admins may only run the deadline sweep by hand.
 */
export const CASE_PERMISSIONS = {
  OpenCase: {
    description: 'Open a support case for a firm; the opening agency becomes the holder.',
    states: ['none'],
    roles: { 'agency-staff': ['other'], 'crisis-center': ['other'] },
  },
  ReviseGoals: {
    description: 'Replace the goals of the case.',
    states: ['open'],
    roles: { 'agency-staff': ['holder'], 'crisis-center': ['holder'] },
  },
  ProposeHandoff: {
    description: 'Propose to hand the case to a target agency, with a package and the firm’s consent.',
    states: ['open'],
    roles: { 'agency-staff': ['holder'], 'crisis-center': ['holder'] },
  },
  AcceptHandoff: {
    description: 'Accept the open proposal: the target becomes the holder.',
    states: ['open'],
    roles: { 'agency-staff': ['target'], 'crisis-center': ['target'] },
  },
  DeclineHandoff: {
    description: 'Decline the open proposal with a structured reason.',
    states: ['open'],
    roles: { 'agency-staff': ['target'], 'crisis-center': ['target'] },
  },
  WithdrawHandoff: {
    description:
      'Withdraw the open proposal: its proposer (the holder), or the regional office once it was escalated.',
    states: ['open'],
    roles: {
      'agency-staff': ['holder'],
      'crisis-center': ['holder'],
      'regional-office': ['regional-office'],
    },
  },
  EscalateOverdueHandoff: {
    description: 'Escalate a proposal not accepted by its due date to the regional SME office.',
    states: ['open'],
    roles: { system: ANY, admin: ANY },
  },
  ExpireHandoff: {
    description: 'Expire a proposal past its expiry: it can no longer be accepted.',
    states: ['open'],
    roles: { system: ANY, admin: ANY },
  },
  RevokeConsent: {
    description: 'Record that the firm revoked its consent: the receiver no longer sees the package.',
    states: ['open', 'closed'],
    roles: { 'agency-staff': ['holder', 'target'], 'crisis-center': ['holder', 'target'] },
  },
  RecordInterimUpdate: {
    description: 'Record an interim update on the support given.',
    states: ['open'],
    roles: { 'agency-staff': ['holder'], 'crisis-center': ['holder'] },
  },
  RecordOutcome: {
    description: 'Record a structured outcome; it goes back to the earlier holders.',
    states: ['open'],
    roles: { 'agency-staff': ['holder'], 'crisis-center': ['holder'] },
  },
  CloseCase: {
    description: 'Close the case with an outcome (an open proposal is withdrawn with it).',
    states: ['open'],
    roles: { 'agency-staff': ['holder'], 'crisis-center': ['holder'] },
  },
  CloseCaseForClosedFirm: {
    description: 'Reaction to the firm registry’s closure of the firm: close the case as firm-closed.',
    states: ['open', 'closed'],
    roles: { system: ANY },
  },
} as const satisfies { readonly [C in CaseCommand['type']]: CasePermission };

export type CaseCommandType = keyof typeof CASE_PERMISSIONS;

/** The relations in which `role` may issue `command` ([] when it never may, or the role is unknown). */
export function permittedRelations(role: string, command: CaseCommandType): readonly CaseRelation[] {
  const roles: CasePermission['roles'] = CASE_PERMISSIONS[command].roles;
  return Object.prototype.hasOwnProperty.call(roles, role) ? (roles[role as CaseRole] ?? []) : [];
}
