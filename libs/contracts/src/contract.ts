import { ContractDefinitionError } from './errors';
import { JSON_SCHEMA_DRAFT_2020_12, type JsonSchema, type ObjectSchema } from './json-schema';

/** A Kafka topic: one per bounded context (declared in topics.ts), keyed by firm id. */
export interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  readonly description: string;
  readonly retentionMs?: number;
}

/**
 * A published, versioned integration event: the contract between the producing context and every
 * consumer. Stored (internal) events never leave their service; a publisher maps them to these.
 */
export interface IntegrationEventDefinition<T = unknown> {
  /** `<context>.<event>.v<N>`, e.g. `firm-registry.firm-registered.v1`. A changed shape is a new version. */
  readonly type: string;
  readonly topic: TopicDefinition;
  readonly summary: string;
  /** JSON Schema draft 2020-12 of the payload (the CloudEvents `data`). */
  readonly schema: ObjectSchema;
  /** A valid payload: documents the contract, and a test checks it against the schema. */
  readonly example: T;
  /**
   * The Kafka message key: all events of one key keep their order. Usually the firm id. (Method syntax
   * on purpose: it lets a definition of any payload type sit in a list of `IntegrationEventDefinition`.)
   */
  partitionKey(data: T): string;
}

/**
 * The payload schema as written by a contract's author: its `properties` must name exactly the fields of
 * `T` and `required` only fields of `T`, so the schema and the TypeScript type cannot drift apart silently.
 */
export type PayloadSchema<T> = Omit<ObjectSchema, 'properties' | 'required'> & {
  readonly properties: { readonly [K in keyof T]-?: JsonSchema };
  readonly required: readonly (keyof T & string)[];
};

export type IntegrationEventDefinitionInput<T> = Omit<IntegrationEventDefinition<T>, 'schema'> & {
  readonly schema: PayloadSchema<T>;
};

export const EVENT_TYPE_PATTERN = /^[a-z][a-z-]*\.[a-z][a-z-]*\.v[0-9]+$/;

export function defineIntegrationEvent<T>(
  def: IntegrationEventDefinitionInput<T>,
): IntegrationEventDefinition<T> {
  const { type, schema } = def;
  if (!EVENT_TYPE_PATTERN.test(type)) {
    throw new ContractDefinitionError(
      `Event type "${type}" must look like <context>.<event>.v<N> (${EVENT_TYPE_PATTERN.source})`,
    );
  }
  if (schema.type !== 'object' || schema.additionalProperties !== false) {
    throw new ContractDefinitionError(
      `"${type}": the payload schema must be an object with additionalProperties: false`,
    );
  }
  const undeclared = schema.required.filter((field) => !(field in schema.properties));
  if (undeclared.length > 0) {
    throw new ContractDefinitionError(
      `"${type}": required fields without a schema: ${undeclared.join(', ')}`,
    );
  }
  return {
    ...def,
    schema: deepFreeze({ $schema: JSON_SCHEMA_DRAFT_2020_12, ...schema } as ObjectSchema),
    example: deepFreeze(def.example),
  };
}

/** `firm-registry` for `firm-registry.firm-registered.v1`. */
export function contextOf(type: string): string {
  return type.slice(0, type.indexOf('.'));
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
