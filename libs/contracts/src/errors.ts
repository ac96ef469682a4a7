/** One way a payload breaks its contract: the JSON Pointer of the field, the schema rule, and what is wrong. */
export interface ContractViolation {
  /** JSON Pointer into the payload, e.g. `/firmId`; `` (empty) is the payload itself. */
  readonly path: string;
  /** The JSON Schema keyword that failed: `required`, `format`, `enum`, `additionalProperties`, … */
  readonly rule: string;
  readonly message: string;
}

/** A message named an event type no contract defines. Permanent: retrying cannot help. */
export class UnknownEventTypeError extends Error {
  constructor(readonly type: string) {
    super(`Unknown integration event type "${type}"`);
    this.name = 'UnknownEventTypeError';
  }
}

/**
 * A payload does not match its contract. Permanent: a transport dead-letters it on receipt and refuses to
 * publish it on send.
 */
export class SchemaViolationError extends Error {
  constructor(
    readonly type: string,
    readonly errors: readonly ContractViolation[],
  ) {
    super(`"${type}" violates its contract: ${errors.map(describeViolation).join('; ')}`);
    this.name = 'SchemaViolationError';
  }
}

/** A contract itself is malformed (bad type name, duplicate type, a topic declared twice). A bug, found at startup. */
export class ContractDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractDefinitionError';
  }
}

export function describeViolation(violation: ContractViolation): string {
  return `${violation.path || '(payload)'} ${violation.message}`;
}
