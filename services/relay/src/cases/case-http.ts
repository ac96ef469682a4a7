import { etagOf, expectedRevisionFrom, idempotencyKeyFrom } from '@baton/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseOutcome } from './case-commands';

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
