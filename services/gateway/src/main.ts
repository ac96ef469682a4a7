import 'reflect-metadata';
import {
  createActorResolver,
  createHttpApp,
  createLogger,
  createMetricsRegistry,
  HealthChecks,
  JwtActorResolver,
  listen,
  StaticKeySource,
} from '@baton/platform';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Counter } from 'prom-client';
import { GatewayModule } from './app.module';
import { DEV_ISSUER, DevIssuer } from './auth/dev-issuer';
import { loadGatewayConfig } from './config';
import { mergeOpenApi } from './openapi-merge';
import { registerApiProxy } from './proxy/api-proxy';
import { registerEdgeHeaders } from './proxy/edge-headers';
import { RateLimiter } from './proxy/rate-limiter';

export const SERVICE = 'gateway';
const DOCS_TTL_MS = 10_000;

/** Starts the front door: authentication, `/api/<service>/…` routing, one OpenAPI, `/health` of every service. */
export async function startGateway(env: NodeJS.ProcessEnv = process.env) {
  const config = loadGatewayConfig(env);
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  const issuer = config.AUTH_DEV_ISSUER_DIR ? DevIssuer.open(config.AUTH_DEV_ISSUER_DIR) : undefined;
  const actors = issuer
    ? new JwtActorResolver(new StaticKeySource(issuer.jwks.keys), { issuer: DEV_ISSUER })
    : createActorResolver(config, logger);
  const upstreams: Record<string, string> = {
    'firm-registry': config.FIRM_REGISTRY_URL,
    relay: config.RELAY_URL,
    'crisis-monitoring': config.CRISIS_MONITORING_URL,
    audit: config.AUDIT_URL,
  };

  const metrics = createMetricsRegistry(SERVICE);
  const proxied = new Counter({
    name: 'baton_gateway_proxied_requests_total',
    help: 'Requests forwarded to a service, by service and answer status',
    labelNames: ['service', 'status'] as const,
    registers: [metrics],
  });
  const health = new HealthChecks();
  for (const [name, url] of Object.entries(upstreams))
    health.register(name, async () => {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1500) });
      const body = (await response.json().catch(() => undefined)) as { checks?: unknown } | undefined;
      return { status: response.ok ? 'up' : 'down', detail: body?.checks };
    });

  // Each service's OpenAPI, fetched when /docs is read (at most every 10 s); a service that is down is left out.
  let docs: { at: number; documents: Record<string, OpenAPIObject | undefined> } | undefined;
  const serviceDocs = async () => {
    if (docs && Date.now() - docs.at < DOCS_TTL_MS) return docs.documents;
    const entries = await Promise.all(
      Object.entries(upstreams).map(async ([name, url]) => {
        const response = await fetch(`${url}/docs/json`, { signal: AbortSignal.timeout(2000) }).catch(
          () => undefined,
        );
        return [name, response?.ok ? ((await response.json()) as OpenAPIObject) : undefined] as const;
      }),
    );
    docs = { at: Date.now(), documents: Object.fromEntries(entries) };
    return docs.documents;
  };

  const app = await createHttpApp(GatewayModule.register({ logger, metrics, health, issuer }), {
    service: SERVICE,
    logger,
    bodyLimit: config.HTTP_BODY_LIMIT,
    openApi: {
      title: 'Baton',
      description:
        'The whole system behind one front door: `/api/<service>/…`. Authenticate with `Authorization: Bearer <token>`' +
        (issuer ? ' (demo tokens: POST /auth/dev-tokens {"user": …}, users at GET /auth/dev-users).' : '.'),
      version: '1',
      patch: async (own) => mergeOpenApi(own, await serviceDocs()),
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerEdgeHeaders(
    fastify,
    config.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  );
  registerApiProxy(fastify, {
    upstreams,
    actors,
    forwardTrustedHeaders: config.AUTH === 'headers' && !issuer,
    limiter: new RateLimiter(config.RATE_LIMIT_PER_MINUTE, config.RATE_LIMIT_BURST),
    logger,
    proxied,
  });
  const url = await listen(app, config.PORT, config.HOST, logger);
  return {
    app,
    url,
    issuer,
    close: () => app.close(),
  };
}

if (require.main === module) {
  startGateway().catch((error) => {
    process.stderr.write(`gateway failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
