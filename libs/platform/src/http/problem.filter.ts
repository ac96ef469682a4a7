import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, toProblem, type DomainErrorStatuses } from './problem';

/** Writes problem details for an error; logs 5xx with the error and the request id. */
export function replyWithProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
  statuses: DomainErrorStatuses = {},
): void {
  const problem = toProblem(error, {
    statuses,
    instance: request.url,
    ifMatchSent: request.headers['if-match'] !== undefined,
  });
  if (problem.status >= 500)
    logger.error({ err: error, reqId: request.id, url: request.url }, 'request failed');
  else logger.debug({ reqId: request.id, problem: problem.type }, 'request refused');
  if (!reply.sent) reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/** The one HTTP exception filter (STYLE.md rule 8): everything a handler throws becomes problem+json. */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly statuses: DomainErrorStatuses = {},
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    replyWithProblem(
      error,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.logger,
      this.statuses,
    );
  }
}
