import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { RequestValidationError, type FieldViolation } from './problem';

/** class-validator's names for the rules it applies on its own, in words a client can act on. */
const RULE_NAMES: Record<string, string> = {
  whitelistValidation: 'unknownField',
  nestedValidation: 'nested',
};

export function violationsOf(errors: readonly ValidationError[], prefix = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, rule: RULE_NAMES[rule] ?? rule, message });
    }
    if (error.children?.length) out.push(...violationsOf(error.children, field));
  }
  return out;
}

/**
 * DTO validation for every endpoint: unknown fields are refused (not silently dropped), values are
 * converted to the DTO's types, and every broken rule is reported with its field path.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(violationsOf(errors)),
  });
}
