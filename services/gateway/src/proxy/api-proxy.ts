import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ProblemError, replyWithProblem, type ActorResolver, type Logger } from '@baton/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import { RateLimiter } from './rate-limiter';

/** Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

export interface ApiProxyOptions {
  /** Service name → base URL: `/api/<service>/<rest>` goes to `<base>/<rest>`. */
  readonly upstreams: Readonly<Record<string, string>>;
  readonly actors: ActorResolver;
  /** Callers' X-Baton-* headers are dropped unless the whole system trusts them (AUTH=headers, tests). */
  readonly forwardTrustedHeaders: boolean;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly proxied: Counter<'service' | 'status'>;
}

function forwardedHeaders(
  request: FastifyRequest,
  options: ApiProxyOptions,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers as IncomingHttpHeaders)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (!options.forwardTrustedHeaders && name.startsWith('x-baton-')) continue;
    headers[name] = value;
  }
  if (request.headers['content-length']) headers['content-length'] = request.headers['content-length'];
  headers['x-request-id'] = String(request.id);
  const prior = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${request.ip}` : request.ip;
  headers['x-forwarded-proto'] = request.protocol;
  if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
  return headers;
}

/**
 * `/api/<service>/…` → the service, streamed both ways (request bodies, CSV uploads, server-sent events),
 * after the gateway has authenticated the caller (the service verifies the same token again) and charged
 * its rate limit. Runs before Fastify parses the body, so nothing is buffered.
 */
export function registerApiProxy(fastify: FastifyInstance, options: ApiProxyOptions): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^\/api\/([a-z-]+)(\/[^?]*)?(\?.*)?$/.exec(request.url);
    if (!match || request.method === 'OPTIONS') return;
    const [, service, rest = '/', query = ''] = match;
    try {
      const base = options.upstreams[service];
      if (!base)
        throw new ProblemError(
          404,
          'unknown-service',
          'No such service',
          `No service "${service}" behind /api`,
          {
            services: Object.keys(options.upstreams),
          },
        );
      const actor = await options.actors.resolve(request);
      if (!actor)
        throw new ProblemError(401, 'unauthorized', 'Who is asking?', 'Send Authorization: Bearer <token>');
      const waitMs = options.limiter.take(actor.userId);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new ProblemError(
          429,
          'rate-limited',
          'Too many requests',
          `Retry in ${Math.ceil(waitMs / 1000)} s`,
        );
      }
      await forward(
        request,
        reply,
        service,
        new URL(rest + query, base.endsWith('/') ? base : `${base}/`),
        options,
      );
    } catch (error) {
      replyWithProblem(error, request, reply, options.logger);
    }
    return reply;
  });
}

function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  service: string,
  target: URL,
  options: ApiProxyOptions,
): Promise<void> {
  // `rest` starts with `/`: resolve against the base path, keeping a base path prefix if there is one.
  const url = new URL(target.pathname.replace(/^\/+/, '/') + target.search, target);
  return new Promise<void>((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(
      url,
      { method: request.method, headers: forwardedHeaders(request, options) },
      (response) => {
        reply.hijack();
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined && (!HOP_BY_HOP.has(name) || name === 'content-length'))
            headers[name] = value;
        for (const [name, value] of Object.entries(reply.getHeaders()))
          if (value !== undefined && !(name in headers)) headers[name] = String(value);
        reply.raw.writeHead(response.statusCode ?? 502, headers);
        response.pipe(reply.raw);
        options.proxied.inc({ service, status: String(response.statusCode) });
        const done = () => resolve();
        response.on('end', done);
        response.on('error', () => {
          reply.raw.destroy();
          done();
        });
        reply.raw.on('close', () => {
          response.destroy(); // the client left (e.g. an SSE dashboard closed): stop reading the upstream
          done();
        });
      },
    );
    upstream.on('error', (error) => {
      options.proxied.inc({ service, status: '502' });
      if (reply.sent || reply.raw.headersSent) {
        reply.raw.destroy();
        return resolve();
      }
      replyWithProblem(
        new ProblemError(502, 'upstream-unavailable', `${service} did not answer`, error.message),
        request,
        reply,
        options.logger,
      );
      resolve();
    });
    request.raw.on('aborted', () => upstream.destroy());
    request.raw.pipe(upstream);
  });
}
