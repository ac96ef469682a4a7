import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { PinoNestLogger } from './logging';
import { httpDurationHistogram } from './observability';
import { ProblemJsonFilter } from './http/problem.filter';
import type { DomainErrorStatuses } from './http/problem';
import { createValidationPipe } from './http/validation';

export interface HttpAppOptions {
  readonly service: string;
  readonly logger: Logger;
  /** Bodies over this many bytes get 413. */
  readonly bodyLimit: number;
  readonly statuses?: DomainErrorStatuses;
  readonly openApi: {
    title: string;
    description: string;
    version: string;
    /** Rewrites the document per request (the gateway merges every service's into its own). */
    patch?: (document: OpenAPIObject) => OpenAPIObject | Promise<OpenAPIObject>;
  };
  /** Content types handed to the controller as the raw request stream (e.g. `text/csv` imports): no body limit. */
  readonly streamedContentTypes?: readonly string[];
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A service's HTTP side on Fastify, the same for every service: request ids (`X-Request-Id`, echoed),
 * structured access logs, problem+json for every error (including the ones Fastify raises before a
 * controller runs: malformed JSON, oversized bodies), strict DTO validation, OpenAPI at `/docs`
 * (JSON at `/docs/json`), latency metrics, graceful shutdown.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    logger: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(options.logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  const histogram = httpDurationHistogram(app.get(Registry));

  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route !== '/health' && route !== '/metrics')
      options.logger.info(
        {
          reqId: request.id,
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
  });
  for (const type of options.streamedContentTypes ?? [])
    fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));

  app.useGlobalFilters(new ProblemJsonFilter(options.logger, options.statuses));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.openApi.title)
      .setDescription(options.openApi.description)
      .setVersion(options.openApi.version)
      .build(),
  );
  const patch = options.openApi.patch;
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/json',
    ...(patch && {
      patchDocumentOnRequest: (_req: unknown, _res: unknown, doc: OpenAPIObject) => patch(doc),
    }),
  });
  return app;
}

/** Listens and logs where; the returned URL is what tests and `npm start` print. */
export async function listen(
  app: INestApplication,
  port: number,
  host: string,
  logger: Logger,
): Promise<string> {
  await app.listen(port, host);
  const url = await app.getUrl();
  logger.info({ url: url.replace('[::1]', 'localhost') }, 'listening');
  return url.replace('[::1]', 'localhost');
}
