import { DomainError } from '@baton/eventsourcing';

/* Domain rules a warning command can break. The code names the rule; `field` names the input at fault. */

export class WarningNotFound extends DomainError {
  constructor(warningId: string) {
    super(`No warning ${warningId} in this stream`, 'warning-not-found', { field: 'warningId', warningId });
  }
}
/** Terminal: a resolved warning takes no further command. */
export class WarningAlreadyResolved extends DomainError {
  constructor(warningId: string) {
    super(`Warning ${warningId} was resolved; it can no longer change`, 'warning-resolved', { warningId });
  }
}
/** Terminal: a dismissed warning takes no further command. */
export class WarningAlreadyDismissed extends DomainError {
  constructor(warningId: string) {
    super(
      `Warning ${warningId} was dismissed as a false alarm; it can no longer change`,
      'warning-dismissed',
      {
        warningId,
      },
    );
  }
}
export class WarningIdTaken extends DomainError {
  constructor(warningId: string) {
    super(`Warning id ${warningId} was already used in this stream`, 'warning-id-taken', {
      field: 'warningId',
      warningId,
    });
  }
}
export class WarningAlreadyAcknowledged extends DomainError {
  constructor(warningId: string, acknowledgedAt: string) {
    super(`Warning ${warningId} was acknowledged at ${acknowledgedAt}`, 'warning-already-acknowledged', {
      warningId,
      acknowledgedAt,
    });
  }
}
export class WarningNotOverdue extends DomainError {
  constructor(warningId: string, ackDueAt: string) {
    super(
      `Warning ${warningId} is due for acknowledgement at ${ackDueAt}; it is not overdue`,
      'warning-not-overdue',
      {
        warningId,
        ackDueAt,
      },
    );
  }
}
export class RecordIdTaken extends DomainError {
  constructor(field: string, id: string) {
    super(`${id} was already recorded for this warning`, 'record-id-taken', { field, id });
  }
}
/** The command names another firm or signal than the stream's (a bug at the edge, never a user error). */
export class StreamMismatch extends DomainError {
  constructor(field: string, expected: string, actual: string) {
    super(`This stream is about ${expected}, not ${actual}`, 'stream-mismatch', { field, expected, actual });
  }
}

export type ForbiddenRule = 'system-only' | 'not-a-handler';

/** The actor may not issue this command (403). `details.rule` tells which check refused. */
export class Forbidden extends DomainError {
  constructor(
    message: string,
    details: { rule: ForbiddenRule; command: string; role: string; agencyId: string | null },
  ) {
    super(message, 'forbidden', { ...details });
  }
}
/** A well-formed command whose input breaks a simple rule; the code is the rule. */
export class InvalidWarningInput extends DomainError {
  constructor(field: string, rule: string, message: string) {
    super(message, rule, { field });
  }
}

/** HTTP statuses where the platform's default (`*-not-found` 404, else 422) does not fit. */
export const WARNING_ERROR_STATUSES = {
  forbidden: 403,
  'warning-resolved': 409,
  'warning-dismissed': 409,
  'warning-id-taken': 409,
  'warning-already-acknowledged': 409,
  'warning-not-overdue': 409,
  'record-id-taken': 409,
  'rule-set-version-not-increasing': 409,
} as const;
