import { contextOf, defineIntegrationEvent, type IntegrationEventDefinitionInput } from './contract';
import { ContractDefinitionError } from './errors';
import { JSON_SCHEMA_DRAFT_2020_12 } from './json-schema';
import { TOPICS } from './topics';

interface Pinged {
  firmId: string;
}

const pinged = (type: string): IntegrationEventDefinitionInput<Pinged> => ({
  type,
  topic: TOPICS.firmRegistry,
  summary: 'test',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['firmId'],
    properties: { firmId: { type: 'string' } },
  },
  example: { firmId: 'f-1' },
  partitionKey: (data) => data.firmId,
});

describe('defineIntegrationEvent', () => {
  it('marks the schema as draft 2020-12 and freezes schema and example', () => {
    const definition = defineIntegrationEvent(pinged('firm-registry.pinged.v1'));

    expect(definition.schema.$schema).toBe(JSON_SCHEMA_DRAFT_2020_12);
    expect(Object.isFrozen(definition.schema.properties)).toBe(true);
    expect(Object.isFrozen(definition.example)).toBe(true);
    expect(definition.partitionKey(definition.example)).toBe('f-1');
  });

  it.each([
    'FirmRegistered',
    'firm-registry.pinged',
    'firm-registry.pinged.1',
    'firm_registry.pinged.v1',
    'a.b.c.v1',
  ])('refuses the type name %p: it must be <context>.<event>.v<N>', (type) => {
    expect(() => defineIntegrationEvent(pinged(type))).toThrow(ContractDefinitionError);
  });

  it('refuses a payload schema that admits undeclared fields', () => {
    const open = {
      ...pinged('firm-registry.pinged.v1'),
      schema: { ...pinged('x').schema, additionalProperties: true },
    };
    // @ts-expect-error the type already forbids it; the runtime check guards plain JavaScript callers
    expect(() => defineIntegrationEvent(open)).toThrow(/additionalProperties: false/);
  });

  it('refuses a required field without a schema', () => {
    const input = pinged('firm-registry.pinged.v1');
    const broken = { ...input, schema: { ...input.schema, required: ['firmId', 'name'] } };
    // @ts-expect-error 'name' is not a field of Pinged
    expect(() => defineIntegrationEvent(broken)).toThrow(/required fields without a schema: name/);
  });

  it('names the context of a type', () => {
    expect(contextOf('firm-registry.firm-registered.v1')).toBe('firm-registry');
  });
});
