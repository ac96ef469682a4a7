import type { FastifyInstance } from 'fastify';

/**
 * What every answer of the front door carries: security headers for an API (no sniffing, no framing, no
 * referrer, nothing to execute), HSTS behind TLS, and CORS for the configured origins (preflights answered
 * here, never forwarded).
 */
export function registerEdgeHeaders(fastify: FastifyInstance, corsOrigins: readonly string[]): void {
  const anyOrigin = corsOrigins.includes('*');
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-resource-policy', 'same-site');
    if (!request.url.startsWith('/docs'))
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const origin = request.headers.origin;
    const allowed = origin && (anyOrigin || corsOrigins.includes(origin));
    if (allowed) {
      reply.header('access-control-allow-origin', anyOrigin ? '*' : origin);
      reply.header('vary', 'Origin');
      reply.header(
        'access-control-expose-headers',
        'etag, location, retry-after, x-request-id, idempotent-replayed',
      );
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      if (!allowed) return reply.code(403).send();
      reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
      reply.header(
        'access-control-allow-headers',
        'authorization, content-type, if-match, idempotency-key, last-event-id, x-request-id',
      );
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  });
}
