import { Controller, Get, Global, Header, Module, Res, type DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const LOGGER = Symbol('LOGGER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface HealthResult {
  readonly status: 'up' | 'down';
  readonly detail?: unknown;
}

/** Named checks behind `/health`: the database, the event store, the bus, projection lag. */
export class HealthChecks {
  private readonly checks = new Map<string, () => Promise<HealthResult>>();

  register(name: string, check: () => Promise<HealthResult>): void {
    this.checks.set(name, check);
  }

  async run(timeoutMs = 2000): Promise<{ status: 'up' | 'down'; checks: Record<string, HealthResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          const result = await Promise.race([
            check(),
            new Promise<HealthResult>((resolve) =>
              setTimeout(
                () => resolve({ status: 'down', detail: `no answer within ${timeoutMs} ms` }),
                timeoutMs,
              ).unref(),
            ),
          ]);
          return [name, result] as const;
        } catch (error) {
          return [name, { status: 'down', detail: (error as Error).message } as HealthResult] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, r]) => r.status === 'up') ? 'up' : 'down', checks };
  }
}

/** A service's metrics: process defaults plus whatever its parts register, all labelled with the service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Request latency by route template (never the raw URL: ids would explode the label set). */
export function httpDurationHistogram(registry: Registry): Histogram<'method' | 'route' | 'status'> {
  return new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}

@ApiExcludeController()
@Controller()
class ObservabilityController {
  constructor(
    private readonly health: HealthChecks,
    private readonly registry: Registry,
  ) {}

  @Get('health')
  async check(@Res() reply: FastifyReply): Promise<void> {
    const result = await this.health.run();
    reply.status(result.status === 'up' ? 200 : 503).send(result);
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** `/health`, `/metrics`, the logger and the metrics registry for one service. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: {
    service: string;
    logger: Logger;
    registry?: Registry;
    health?: HealthChecks;
  }): DynamicModule {
    const registry = options.registry ?? createMetricsRegistry(options.service);
    return {
      module: PlatformModule,
      controllers: [ObservabilityController],
      providers: [
        { provide: Registry, useValue: registry },
        { provide: HealthChecks, useValue: options.health ?? new HealthChecks() },
        { provide: LOGGER, useValue: options.logger },
        { provide: SERVICE_NAME, useValue: options.service },
      ],
      exports: [Registry, HealthChecks, LOGGER, SERVICE_NAME],
    };
  }
}
