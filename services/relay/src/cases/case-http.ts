import { etagOf, expectedRevisionFrom, idempotencyKeyFrom } from '@baton/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestActor } from '@baton/platform';
import type { CaseCommands, CaseOutcome } from './case-commands';
import type { CaseCommand } from './case.decider';

export const requestContext = (request: FastifyRequest) => ({
  idempotencyKey: idempotencyKeyFrom(request.headers['idempotency-key']),
  expectedRevision: expectedRevisionFrom(request.headers['if-match']),
});

export function caseResponse(reply: FastifyReply, outcome: CaseOutcome) {
  if (outcome.revision !== null) reply.header('etag', etagOf(outcome.revision));
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return {
    caseId: outcome.caseId,
    revision: outcome.revision,
    position: outcome.position,
    events: outcome.events,
  };
}

/** Runs a case command as the request's actor, now, with its Idempotency-Key and If-Match. */
export function runCaseCommand(
  cases: CaseCommands,
  type: CaseCommand['type'],
  data: Record<string, unknown>,
  actor: RequestActor,
  request: FastifyRequest,
): Promise<CaseOutcome> {
  return cases.execute(
    {
      type,
      data,
      metadata: {
        now: new Date().toISOString(),
        actor: cases.actorOf(actor),
        correlationId: String(request.id),
      },
    } as CaseCommand,
    requestContext(request),
  );
}
