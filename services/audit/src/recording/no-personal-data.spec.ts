import { allContracts, type JsonSchema } from '@baton/contracts';
import { LEDGERED_TOPICS, LEDGERED_TYPES } from './ledger.reactions';

/** Property names that would carry a representative's personal data (ADR 10). */
const PERSONAL =
  /representative|email|e-mail|phone|mobile|resident|ssn|birth|address|contact|ceoName|personName/i;

function propertyNames(schema: JsonSchema, path = ''): string[] {
  const s = schema as {
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    oneOf?: JsonSchema[];
    anyOf?: JsonSchema[];
  };
  return [
    ...Object.entries(s.properties ?? {}).flatMap(([name, child]) => [
      `${path}/${name}`,
      ...propertyNames(child, `${path}/${name}`),
    ]),
    ...(s.items ? propertyNames(s.items, `${path}/items`) : []),
    ...[...(s.oneOf ?? []), ...(s.anyOf ?? [])].flatMap((child) => propertyNames(child, path)),
  ];
}

/**
 * The ledger keeps published integration events forever; it must never receive personal data, which could
 * then not be erased. The contracts of every ledgered topic have no field for it, and refuse one
 * (additionalProperties: false), so a producer cannot slip it in either.
 */
describe('the ledgered contracts carry no personal data', () => {
  it('ledgers every contract of the firm-registry, relay and crisis-monitoring topics', () => {
    const topics = new Set(LEDGERED_TOPICS.map((t) => t.name));
    expect([...LEDGERED_TYPES].sort()).toEqual(
      allContracts
        .definitions()
        .filter((d) => topics.has(d.topic.name))
        .map((d) => d.type)
        .sort(),
    );
    expect(LEDGERED_TYPES.filter((t) => t.startsWith('firm-registry.'))).toHaveLength(6);
  });

  it.each([...LEDGERED_TYPES])('%s: no personal-data field, no room for one', (type) => {
    const schema = allContracts.get(type).schema;
    expect(propertyNames(schema).filter((name) => PERSONAL.test(name.split('/').at(-1)!))).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    const example = allContracts.get(type).example as Record<string, unknown>;
    expect(allContracts.validate(type, { ...example, representative: { name: '김한빛' } })).toMatchObject({
      ok: false,
    });
  });
});
