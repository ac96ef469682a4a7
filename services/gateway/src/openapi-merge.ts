import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * One OpenAPI document for the whole system: every service's paths under `/api/<service>`, its tags
 * prefixed with the service, its component schemas namespaced (`<service>.<Name>`) so two services' DTOs of
 * the same name do not collide, and every `$ref` rewritten to match.
 */
export function mergeOpenApi(
  gateway: OpenAPIObject,
  services: Readonly<Record<string, OpenAPIObject | undefined>>,
) {
  const paths: OpenAPIObject['paths'] = { ...gateway.paths };
  const schemas: Record<string, unknown> = { ...(gateway.components?.schemas ?? {}) };
  const tags = [...(gateway.tags ?? [])];
  for (const [service, document] of Object.entries(services)) {
    if (!document) continue;
    const rename = (name: string) => `${service}.${name}`;
    const rewrite = <T>(value: T): T =>
      JSON.parse(
        JSON.stringify(value).replace(
          /"#\/components\/schemas\/([^"]+)"/g,
          (_m, name) => `"#/components/schemas/${rename(name)}"`,
        ),
      );
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const tagged = rewrite(item) as Record<string, { tags?: string[] }>;
      for (const operation of Object.values(tagged))
        if (operation && typeof operation === 'object' && Array.isArray(operation.tags))
          operation.tags = operation.tags.map((t) => `${service}: ${t}`);
      paths[`/api/${service}${path}`] = tagged as never;
    }
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
      schemas[rename(name)] = rewrite(schema);
    for (const tag of document.tags ?? []) tags.push({ ...tag, name: `${service}: ${tag.name}` });
  }
  return { ...gateway, paths, tags, components: { ...gateway.components, schemas } } as OpenAPIObject;
}
