import {
  etagOf,
  expectedRevisionFrom,
  idempotencyKeyFrom,
  type RequestActor,
  type Role,
} from '@baton/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext, CommandOutcome } from './firm-commands';

/** Who may change firm data: agencies and offices that support firms, the ministry; never auditors. */
export const FIRM_WRITERS: Role[] = ['agency-staff', 'regional-office', 'ministry', 'admin'];

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Command context from the request: actor, correlation, `Idempotency-Key` and `If-Match`. */
export function commandContext(request: FastifyRequest, actor: RequestActor): CommandContext {
  return {
    actor,
    requestId: String(request.id),
    traceparent: first(request.headers.traceparent),
    idempotencyKey: idempotencyKeyFrom(request.headers['idempotency-key']),
    expectedRevision: expectedRevisionFrom(request.headers['if-match']),
  };
}

/** The answer to a command: ETag = new revision; a replayed idempotent request says so. */
export function commandResponse(reply: FastifyReply, outcome: CommandOutcome) {
  if (outcome.revision !== null) reply.header('etag', etagOf(outcome.revision));
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return {
    firmId: outcome.firmId,
    revision: outcome.revision,
    position: outcome.position,
    events: outcome.events,
  };
}

export class CommandResponseDto {
  firmId!: string;
  revision!: number;
  /** Pass as `waitFor` to a query to read this write. */
  position!: string | null;
  events!: string[];
}
