import { DomainError } from '@baton/eventsourcing';

/* Domain rules a firm command can break. The code names the rule; `field` names the input at fault. */

export class FirmNotFound extends DomainError {
  constructor(firmId: string) {
    super(`No firm ${firmId}`, 'firm-not-found', { firmId });
  }
}
export class FirmAlreadyRegistered extends DomainError {
  constructor(existingFirmId: string, brn: string) {
    super(
      `A firm with business registration number ${brn} is already registered: ${existingFirmId}`,
      'firm-already-exists',
      {
        field: 'businessRegistrationNumber',
        existingFirmId,
      },
    );
  }
}
export class FirmIsClosed extends DomainError {
  constructor(firmId: string) {
    super(`Firm ${firmId} is closed; it can no longer change`, 'firm-closed', { firmId });
  }
}
export class InvalidFirmInput extends DomainError {
  constructor(field: string, rule: string, message: string) {
    super(message, rule, { field });
  }
}
export class PromotionRequirementsNotMet extends DomainError {
  constructor(shortfalls: { criterion: string; score: number; required: number }[]) {
    super(
      `Scores below the thresholds for a leading firm (선도기업): ${shortfalls
        .map((s) => `${s.criterion} ${s.score} < ${s.required}`)
        .join(', ')}`,
      'promotion-requirements-not-met',
      { field: 'scores', shortfalls },
    );
  }
}

/** HTTP statuses of this service's domain error codes where the platform's default (422) does not fit. */
export const FIRM_ERROR_STATUSES = {
  'firm-closed': 409,
  'industry-already-exists': 409,
} as const;
