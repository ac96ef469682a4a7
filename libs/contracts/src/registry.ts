import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { IntegrationEventDefinition, TopicDefinition } from './contract';
import {
  ContractDefinitionError,
  SchemaViolationError,
  UnknownEventTypeError,
  type ContractViolation,
} from './errors';
import type { JsonSchema } from './json-schema';

export type ValidationResult = { ok: true } | { ok: false; errors: ContractViolation[] };

/**
 * The integration events a process knows, by type: the schema a publisher checks before sending and a
 * consumer checks on receipt. Each schema is compiled once, on first use.
 */
export class ContractRegistry {
  private readonly definitionsByType = new Map<string, IntegrationEventDefinition>();
  private readonly topicsByName = new Map<string, TopicDefinition>();
  private readonly validators = new Map<string, ValidateFunction>();
  // allErrors: report every broken field at once. strict: a typo in a schema keyword fails loudly, except
  // strictRequired, which would refuse `anyOf: [{ required: [x] }]` (x is declared one level up).
  private readonly ajv = addFormats(
    new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true }),
  );

  constructor(definitions: Iterable<IntegrationEventDefinition>) {
    for (const definition of definitions) {
      if (this.definitionsByType.has(definition.type)) {
        throw new ContractDefinitionError(`Integration event type "${definition.type}" is defined twice`);
      }
      const known = this.topicsByName.get(definition.topic.name);
      if (known !== undefined && known !== definition.topic) {
        throw new ContractDefinitionError(
          `Topic "${definition.topic.name}" is declared more than once; declare it once in topics.ts`,
        );
      }
      this.topicsByName.set(definition.topic.name, definition.topic);
      this.definitionsByType.set(definition.type, definition);
    }
  }

  has(type: string): boolean {
    return this.definitionsByType.has(type);
  }

  /** @throws UnknownEventTypeError */
  get(type: string): IntegrationEventDefinition {
    const definition = this.definitionsByType.get(type);
    if (definition === undefined) throw new UnknownEventTypeError(type);
    return definition;
  }

  definitions(): IntegrationEventDefinition[] {
    return [...this.definitionsByType.values()];
  }

  /** The topics the events are published on, each once, in order of first use. */
  topics(): TopicDefinition[] {
    return [...this.topicsByName.values()];
  }

  /** @throws UnknownEventTypeError */
  validate(type: string, data: unknown): ValidationResult {
    const validator = this.validatorOf(type);
    if (validator(data)) return { ok: true };
    return { ok: false, errors: toViolations(validator.errors ?? []) };
  }

  /** @throws UnknownEventTypeError, SchemaViolationError */
  assertValid(type: string, data: unknown): void {
    const result = this.validate(type, data);
    if (!result.ok) throw new SchemaViolationError(type, result.errors);
  }

  private validatorOf(type: string): ValidateFunction {
    let validator = this.validators.get(type);
    if (validator === undefined) {
      validator = this.ajv.compile(this.get(type).schema);
      this.validators.set(type, validator);
    }
    return validator;
  }
}

function toViolations(errors: ErrorObject[]): ContractViolation[] {
  // A failed anyOf also reports why each branch failed; the anyOf error alone says it better.
  const alternatives = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.schemaPath);
  return errors
    .filter((e) => !alternatives.some((p) => e.schemaPath.startsWith(`${p}/`)))
    .map((e) => {
      switch (e.keyword) {
        case 'required':
          return {
            path: pointer(e.instancePath, e.params.missingProperty),
            rule: e.keyword,
            message: 'is required',
          };
        case 'additionalProperties':
          return {
            path: pointer(e.instancePath, e.params.additionalProperty),
            rule: e.keyword,
            message: 'is not a field of this contract (additionalProperties: false)',
          };
        case 'enum':
          return {
            path: e.instancePath,
            rule: e.keyword,
            message: `${e.message}: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
          };
        case 'anyOf':
          return { path: e.instancePath, rule: e.keyword, message: describeAlternatives(e) };
        default:
          return {
            path: e.instancePath,
            rule: e.keyword,
            message: e.message ?? `breaks rule "${e.keyword}"`,
          };
      }
    });
}

/** anyOf whose branches each require one field reads as "at least one of". */
function describeAlternatives(e: ErrorObject): string {
  const branches = e.schema as JsonSchema[];
  const single = branches.map((b) =>
    Object.keys(b).length === 1 && b.required?.length === 1 ? b.required[0] : null,
  );
  if (single.every((field) => field !== null)) return `must have at least one of: ${single.join(', ')}`;
  return e.message ?? 'must match a schema in anyOf';
}

function pointer(base: string, property: string): string {
  return `${base}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
