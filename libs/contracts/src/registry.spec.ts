import Ajv2020 from 'ajv/dist/2020';
import { defineIntegrationEvent, type TopicDefinition } from './contract';
import { ContractDefinitionError, SchemaViolationError, UnknownEventTypeError } from './errors';
import { ContractRegistry } from './registry';
import { TOPICS } from './topics';

interface Tagged {
  firmId: string;
  tags: string[];
  level?: number;
}

const tagged = (type = 'firm-registry.tagged.v1', topic: TopicDefinition = TOPICS.firmRegistry) =>
  defineIntegrationEvent<Tagged>({
    type,
    topic,
    summary: 'test',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['firmId', 'tags'],
      properties: {
        firmId: { type: 'string', format: 'uuid' },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
        level: { type: 'integer', minimum: 1 },
      },
    },
    example: { firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c', tags: ['a'] },
    partitionKey: (data) => data.firmId,
  });

describe('ContractRegistry', () => {
  const registry = new ContractRegistry([tagged()]);

  it('finds a definition by type', () => {
    expect(registry.has('firm-registry.tagged.v1')).toBe(true);
    expect(registry.get('firm-registry.tagged.v1').summary).toBe('test');
  });

  it('throws UnknownEventTypeError for a type it does not know', () => {
    expect(registry.has('firm-registry.tagged.v2')).toBe(false);
    expect(() => registry.get('firm-registry.tagged.v2')).toThrow(UnknownEventTypeError);
    expect(() => registry.validate('firm-registry.tagged.v2', {})).toThrow(
      new UnknownEventTypeError('firm-registry.tagged.v2'),
    );
  });

  it('accepts a payload that keeps the contract', () => {
    expect(registry.validate('firm-registry.tagged.v1', { ...tagged().example, level: 2 })).toEqual({
      ok: true,
    });
  });

  it('reports every broken field with its JSON Pointer and the rule it breaks', () => {
    const result = registry.validate('firm-registry.tagged.v1', {
      firmId: 'not-a-uuid',
      tags: ['a', 'z'],
      level: 0,
      representativeName: '홍길동',
    });

    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { path: '/firmId', rule: 'format', message: 'must match format "uuid"' },
        { path: '/tags/1', rule: 'enum', message: 'must be equal to one of the allowed values: "a", "b"' },
        { path: '/level', rule: 'minimum', message: 'must be >= 1' },
        {
          path: '/representativeName',
          rule: 'additionalProperties',
          message: 'is not a field of this contract (additionalProperties: false)',
        },
      ]),
    });
    expect(result.ok === false && result.errors).toHaveLength(4);
  });

  it('names a missing required field by its path', () => {
    expect(
      registry.validate('firm-registry.tagged.v1', { firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c' }),
    ).toEqual({
      ok: false,
      errors: [{ path: '/tags', rule: 'required', message: 'is required' }],
    });
  });

  it('rejects a payload that is not an object', () => {
    expect(registry.validate('firm-registry.tagged.v1', null)).toEqual({
      ok: false,
      errors: [{ path: '', rule: 'type', message: 'must be object' }],
    });
  });

  it('assertValid throws SchemaViolationError whose message names the path and the rule', () => {
    const attempt = () => registry.assertValid('firm-registry.tagged.v1', { firmId: 'x', tags: [] });

    expect(attempt).toThrow(SchemaViolationError);
    expect(attempt).toThrow(
      '"firm-registry.tagged.v1" violates its contract: /firmId must match format "uuid"',
    );
    try {
      attempt();
    } catch (error) {
      expect((error as SchemaViolationError).type).toBe('firm-registry.tagged.v1');
      expect((error as SchemaViolationError).errors).toEqual([
        { path: '/firmId', rule: 'format', message: 'must match format "uuid"' },
      ]);
    }
  });

  it('compiles each schema once', () => {
    const compile = jest.spyOn(Ajv2020.prototype, 'compile');
    try {
      const fresh = new ContractRegistry([tagged()]);
      for (let i = 0; i < 3; i++) fresh.validate('firm-registry.tagged.v1', tagged().example);
      expect(compile).toHaveBeenCalledTimes(1);
    } finally {
      compile.mockRestore();
    }
  });

  it('refuses a type defined twice', () => {
    expect(() => new ContractRegistry([tagged(), tagged()])).toThrow(ContractDefinitionError);
  });

  it('refuses a topic declared in two places, even with the same name', () => {
    const copy = { ...TOPICS.firmRegistry };
    expect(() => new ContractRegistry([tagged(), tagged('firm-registry.other.v1', copy)])).toThrow(
      /declared more than once/,
    );
  });

  it('lists each topic once', () => {
    const two = new ContractRegistry([
      tagged(),
      tagged('firm-registry.other.v1'),
      tagged('relay.x.v1', TOPICS.relay),
    ]);
    expect(two.topics().map((t) => t.name)).toEqual(['baton.firm-registry.v1', 'baton.relay.v1']);
  });
});
