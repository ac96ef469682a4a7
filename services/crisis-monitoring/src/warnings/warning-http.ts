import { etagOf, expectedRevisionFrom, idempotencyKeyFrom, type RequestActor } from '@baton/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandOutcome, WarningDesk } from './warning-desk';
import type { WarningCommand } from './warning.decider';

export const CRISIS_DATA_SOURCE = Symbol('CRISIS_DATA_SOURCE');
export const READ_MODELS_RUNNER = Symbol('READ_MODELS_RUNNER');
export const CONSISTENCY_TIMEOUT_MS = Symbol('CONSISTENCY_TIMEOUT_MS');

/** Oversight roles read every warning; the others read the warnings their agency or regions handle. */
export const OVERSIGHT = new Set(['ministry', 'auditor', 'admin']);

/**
 * The scope of warnings an actor may read, as SQL over the `warnings` table (parameters from `$first`): the
 * agency it was routed or escalated to, and for a regional office its regions (관할).
 */
export function scopeOf(actor: RequestActor, first: number): { sql: string; params: unknown[] } {
  if (OVERSIGHT.has(actor.role)) return { sql: 'true', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  if (actor.agencyId) {
    params.push(actor.agencyId);
    parts.push(`(routed_to = $${first} OR escalated_to = $${first})`);
  }
  if (actor.role === 'regional-office' && actor.regions.length) {
    params.push(actor.regions);
    parts.push(`region_code = ANY($${first + params.length - 1}::text[])`);
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : 'false', params };
}

export function commandResponse(reply: FastifyReply, warningId: string, outcome: CommandOutcome) {
  if (outcome.revision !== null) reply.header('etag', etagOf(outcome.revision));
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return { warningId, revision: outcome.revision, position: outcome.position, events: outcome.events };
}

/** Runs a warning command as the request's actor, now, with its Idempotency-Key and If-Match. */
export function runWarningCommand(
  desk: WarningDesk,
  type: WarningCommand['type'],
  data: Record<string, unknown>,
  actor: RequestActor,
  request: FastifyRequest,
): Promise<CommandOutcome> {
  return desk.execute(
    {
      type,
      data,
      metadata: {
        now: new Date().toISOString(),
        actor: desk.actorOf(actor),
        correlationId: String(request.id),
      },
    } as WarningCommand,
    {
      idempotencyKey: idempotencyKeyFrom(request.headers['idempotency-key']),
      expectedRevision: expectedRevisionFrom(request.headers['if-match']),
    },
  );
}
