/**
 * The subset of JSON Schema the contracts use. Contracts are validated as draft 2020-12, and they keep to
 * keywords that mean the same in draft-07, because AsyncAPI 3.0 embeds payloads as (draft-07 based)
 * AsyncAPI schemas: the same schema then serves both without translation.
 */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: JsonSchemaTypeName;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: readonly (string | number)[];
  const?: string | number | boolean;
  format?: 'uuid' | 'date-time' | 'date' | 'uri-reference';
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  examples?: readonly unknown[];
  deprecated?: boolean;
}

export type JsonSchemaTypeName = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** An integration event's payload: always an object that admits no undeclared field. */
export interface ObjectSchema extends JsonSchema {
  type: 'object';
  properties: Readonly<Record<string, JsonSchema>>;
  required: readonly string[];
  additionalProperties: false;
}

export const JSON_SCHEMA_DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** A string enum whose description names every value with its Korean label: `a (가), b (나)`. */
export const labelledEnum = (labels: Readonly<Record<string, string>>, description: string): JsonSchema => ({
  type: 'string',
  enum: Object.keys(labels),
  description: `${description}: ${Object.entries(labels)
    .map(([id, ko]) => `${id} (${ko})`)
    .join(', ')}`,
});

/** Entity ids (firms, agencies, cases) are UUIDs. */
export const uuid = (description: string): JsonSchema => ({ type: 'string', format: 'uuid', description });

/** An RFC 3339 instant with offset, e.g. `2026-03-02T09:00:00+09:00`. */
export const instant = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  description,
});

/**
 * An amount of money in whole Korean won (원). Integers: won has no minor unit, and a JS number holds every
 * amount up to 9,007조 원 exactly.
 */
export const krw = (description: string, options: { minimum?: number } = {}): JsonSchema => ({
  type: 'integer',
  ...options,
  description: `${description}. Unit: KRW (원), whole won.`,
});
