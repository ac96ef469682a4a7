import { DomainError } from '@baton/eventsourcing';

/* Domain rules a case command can break. The code names the rule; `field` names the input at fault. */

export class CaseNotFound extends DomainError {
  constructor(caseId: string) {
    super(`No support case ${caseId}`, 'case-not-found', { caseId });
  }
}
export class CaseAlreadyExists extends DomainError {
  constructor(caseId: string) {
    super(`Support case ${caseId} already exists`, 'case-already-exists', { field: 'caseId', caseId });
  }
}
export class CaseIsClosed extends DomainError {
  constructor(caseId: string) {
    super(`Support case ${caseId} is closed; it can no longer change`, 'case-closed', { caseId });
  }
}
export class FirmNotFound extends DomainError {
  constructor(firmId: string) {
    super(`No firm ${firmId} is known to the relay`, 'firm-not-found', { field: 'firmId', firmId });
  }
}
export class FirmIsClosed extends DomainError {
  constructor(firmId: string) {
    super(`Firm ${firmId} is closed; no case can be opened for it`, 'firm-closed', {
      field: 'firmId',
      firmId,
    });
  }
}

/** Why the actor may not do this: the role never may, or the actor does not stand in the needed relation. */
export type ForbiddenRule =
  | 'role-not-permitted'
  | 'not-the-holder'
  | 'not-the-target'
  | 'relation-not-permitted'
  | 'actor-without-agency';

export interface ForbiddenDetails {
  readonly rule: ForbiddenRule;
  readonly command: string;
  readonly role: string;
  readonly agencyId: string | null;
  /** The actor's relations to the case (holder, target, regional-office, other). */
  readonly relations: readonly string[];
  /** The relations CASE_PERMISSIONS admits for this role and command. */
  readonly allowed: readonly string[];
}

/**
 * The actor may not issue this command (403, nothing is written). Every refusal by CASE_PERMISSIONS has the
 * one code `forbidden`; `details.rule` and the subclasses tell which check refused.
 */
export class Forbidden extends DomainError {
  declare readonly details: ForbiddenDetails & Record<string, unknown>;
  constructor(message: string, details: ForbiddenDetails) {
    super(message, 'forbidden', { ...details });
  }
}
/** Only the agency holding the baton may do this (propose, revise goals, record updates and outcomes, close). */
export class NotTheHolder extends Forbidden {
  constructor(details: Omit<ForbiddenDetails, 'rule'>, holder: string) {
    super(`Only the holder (${holder}) may ${details.command}`, { ...details, rule: 'not-the-holder' });
  }
}
/** Only the agency the open proposal is addressed to may accept or decline it. */
export class NotTheTarget extends Forbidden {
  constructor(details: Omit<ForbiddenDetails, 'rule'>, target: string | null) {
    super(`Only the target of the open proposal (${target ?? 'none'}) may ${details.command}`, {
      ...details,
      rule: 'not-the-target',
    });
  }
}

export class ProposalAlreadyOpen extends DomainError {
  constructor(openProposalId: string) {
    super(
      `Proposal ${openProposalId} is still open: a case has at most one open proposal`,
      'proposal-already-open',
      { openProposalId },
    );
  }
}
export class ProposalIdTaken extends DomainError {
  constructor(proposalId: string) {
    super(`Proposal id ${proposalId} was already used in this case`, 'proposal-already-exists', {
      field: 'proposalId',
      proposalId,
    });
  }
}
export class ProposalNotFound extends DomainError {
  constructor(proposalId: string) {
    super(`No proposal ${proposalId} in this case`, 'proposal-not-found', {
      field: 'proposalId',
      proposalId,
    });
  }
}
/** The named proposal was accepted, declined or withdrawn (an expired one is ProposalExpired). */
export class ProposalNotOpen extends DomainError {
  constructor(proposalId: string, ended: string) {
    super(`Proposal ${proposalId} is no longer open: it was ${ended}`, 'proposal-not-open', {
      field: 'proposalId',
      proposalId,
      ended,
    });
  }
}
export class ProposalExpired extends DomainError {
  constructor(proposalId: string, expiresAt: string) {
    super(
      `Proposal ${proposalId} expired at ${expiresAt}; it can no longer be accepted`,
      'proposal-expired',
      {
        field: 'proposalId',
        proposalId,
        expiresAt,
      },
    );
  }
}
export class ProposalNotEscalated extends DomainError {
  constructor(proposalId: string) {
    super(
      `Proposal ${proposalId} was not escalated: the regional office acts only on escalated proposals`,
      'proposal-not-escalated',
      { field: 'proposalId', proposalId },
    );
  }
}
export class HandoffNotOverdue extends DomainError {
  constructor(proposalId: string, dueAt: string) {
    super(`Proposal ${proposalId} is due at ${dueAt}; it is not overdue yet`, 'handoff-not-overdue', {
      field: 'proposalId',
      proposalId,
      dueAt,
    });
  }
}
export class ProposalNotExpiredYet extends DomainError {
  constructor(proposalId: string, expiresAt: string) {
    super(`Proposal ${proposalId} expires at ${expiresAt}, not before`, 'proposal-not-expired', {
      field: 'proposalId',
      proposalId,
      expiresAt,
    });
  }
}

export class TargetIsHolder extends DomainError {
  constructor(agencyId: string) {
    super(`${agencyId} already holds the case: a hand-off goes to another agency`, 'target-is-holder', {
      field: 'target.agencyId',
      agencyId,
    });
  }
}
export class TargetInactive extends DomainError {
  constructor(agencyId: string) {
    super(`Agency ${agencyId} is not active`, 'target-inactive', { field: 'target.agencyId', agencyId });
  }
}
export class TargetPhaseNotCovered extends DomainError {
  constructor(agencyId: string, phase: string, phases: readonly string[]) {
    super(
      `Agency ${agencyId} does not support the ${phase} phase; its phases: ${phases.join(', ') || 'none'}`,
      'target-phase-not-covered',
      { field: 'target.agencyId', agencyId, phase, phases },
    );
  }
}
export class TargetOutOfRegion extends DomainError {
  constructor(agencyId: string, regionCode: string, regions: readonly string[]) {
    super(
      `Agency ${agencyId} does not serve region ${regionCode}; its regions: ${regions.join(', ')}`,
      'target-out-of-region',
      { field: 'target.agencyId', agencyId, regionCode, regions },
    );
  }
}
export class TargetAtCapacity extends DomainError {
  constructor(agencyId: string, capacity: number, openCases: number) {
    super(
      `Agency ${agencyId} is at capacity (${openCases} open cases of ${capacity})`,
      'target-at-capacity',
      { field: 'target.agencyId', agencyId, capacity, openCases },
    );
  }
}
/** The firm's consent does not let the package go to the target: wrong agency, or items not consented to. */
export class ConsentDoesNotCoverPackage extends DomainError {
  constructor(field: string, message: string, extra: Record<string, unknown> = {}) {
    super(message, 'consent-does-not-cover-package', { field, ...extra });
  }
}
export class UnknownPhase extends DomainError {
  constructor(field: string, phase: string) {
    super(`${phase} is not a life-cycle phase (전주기 단계)`, 'unknown-phase', { field, phase });
  }
}
/** A well-formed command whose input breaks a simple rule; the code is the rule. */
export class InvalidCaseInput extends DomainError {
  constructor(field: string, rule: string, message: string) {
    super(message, rule, { field });
  }
}

/** HTTP statuses of this aggregate's error codes where the platform's default (`*-not-found` 404, else 422) does not fit. */
export const CASE_ERROR_STATUSES = {
  forbidden: 403,
  'case-already-exists': 409,
  'case-closed': 409,
  'firm-closed': 409,
  'proposal-already-exists': 409,
  'proposal-already-open': 409,
  'proposal-not-open': 409,
  'proposal-expired': 409,
  'proposal-not-escalated': 409,
  'handoff-not-overdue': 409,
  'proposal-not-expired': 409,
} as const;
