import {
  Catch,
  type ArgumentsHost,
  type ModuleMetadata,
  type RpcExceptionFilter,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import type { BusServer } from './bus-server';

/**
 * Nest's default RPC filter replaces every unknown error with `{ status: 'error', message: 'Internal
 * server error' }`. The bus needs the original error to decide between retry and dead-letter (a
 * DomainError is permanent) and to name it in the DLQ headers, so this filter passes it through.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/** Creates a Nest microservice on a bus transport with the BusExceptionFilter installed. */
export async function createBusMicroservice(
  module: Type<unknown> | ModuleMetadata,
  server: BusServer,
  options: { logger?: false | ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[] } = {},
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(module as Type<unknown>, { strategy: server, ...options });
  app.useGlobalFilters(new BusExceptionFilter());
  return app;
}
