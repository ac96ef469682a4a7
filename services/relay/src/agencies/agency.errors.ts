import { DomainError } from '@baton/eventsourcing';

/* Domain rules an agency command can break. The code names the rule; `field` names the input at fault. */

export class AgencyNotFound extends DomainError {
  constructor(agencyId: string) {
    super(`No agency ${agencyId}`, 'agency-not-found', { field: 'agencyId', agencyId });
  }
}
export class AgencyAlreadyExists extends DomainError {
  constructor(agencyId: string) {
    super(`Agency ${agencyId} is already registered`, 'agency-already-exists', {
      field: 'agencyId',
      agencyId,
    });
  }
}
export class AgencyAlreadyInactive extends DomainError {
  constructor(agencyId: string) {
    super(`Agency ${agencyId} is already inactive`, 'agency-already-inactive', {
      field: 'agencyId',
      agencyId,
    });
  }
}
export class AgencyAlreadyActive extends DomainError {
  constructor(agencyId: string) {
    super(`Agency ${agencyId} is already active`, 'agency-already-active', { field: 'agencyId', agencyId });
  }
}
/** An inactive agency takes on no one: reactivate it first. */
export class AgencyIsInactive extends DomainError {
  constructor(agencyId: string) {
    super(`Agency ${agencyId} is inactive`, 'agency-inactive', { field: 'agencyId', agencyId });
  }
}
export class StaffMemberAlreadyExists extends DomainError {
  constructor(agencyId: string, userId: string, role: string) {
    super(
      `User ${userId} is already a member of agency ${agencyId} (${role})`,
      'staff-member-already-exists',
      {
        field: 'userId',
        userId,
        role,
      },
    );
  }
}
export class StaffMemberNotFound extends DomainError {
  constructor(agencyId: string, userId: string) {
    super(`User ${userId} is not a member of agency ${agencyId}`, 'staff-member-not-found', {
      field: 'userId',
      userId,
    });
  }
}
export class InvalidAgencyInput extends DomainError {
  constructor(field: string, rule: string, message: string, details: Record<string, unknown> = {}) {
    super(message, rule, { ...details, field });
  }
}

/**
 * HTTP statuses of this module's error codes where the platform's defaults (`-not-found` 404,
 * `-already-exists` 409, otherwise 422) do not fit: these refuse a command because of the agency's state.
 */
export const AGENCY_ERROR_STATUSES = {
  'agency-already-inactive': 409,
  'agency-already-active': 409,
  'agency-inactive': 409,
} as const;
