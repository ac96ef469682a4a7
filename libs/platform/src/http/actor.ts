import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '@baton/eventsourcing';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from './problem';

/** ARCHITECTURE.md's roles. */
export const ROLES = [
  'ministry',
  'regional-office',
  'agency-staff',
  'crisis-center',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface RequestActor extends Actor {
  readonly role: Role;
  /** Regions the actor acts for (a regional office, a crisis center); empty = no regional scope. */
  readonly regions: readonly string[];
}

/**
 * Turns a request into the acting user: from a verified bearer JWT (`JwtActorResolver`, AUTH=jwt), or, for
 * tests and local runs behind a trusted front only, from `X-Baton-User`, `X-Baton-Role`, `X-Baton-Agency`
 * and `X-Baton-Regions` headers (`TrustedHeaderActorResolver`, AUTH=headers) — which is not authentication.
 */
export interface ActorResolver {
  resolve(request: FastifyRequest): RequestActor | undefined | Promise<RequestActor | undefined>;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export class TrustedHeaderActorResolver implements ActorResolver {
  resolve(request: FastifyRequest): RequestActor | undefined {
    const userId = header(request, 'x-baton-user');
    const role = header(request, 'x-baton-role');
    if (!userId || !role) return undefined;
    if (!(ROLES as readonly string[]).includes(role))
      throw new ProblemError(
        401,
        'unauthorized',
        'Unknown role',
        `role "${role}" is not one of ${ROLES.join(', ')}`,
      );
    const agencyId = header(request, 'x-baton-agency');
    const regions = (header(request, 'x-baton-regions') ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    return { userId, role: role as Role, ...(agencyId && { agencyId }), regions };
  }
}

export const ACTOR_RESOLVER = Symbol('ACTOR_RESOLVER');
const ROLES_KEY = 'baton:roles';

/** Only these roles may call the endpoint (403 otherwise); without it any authenticated actor may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

declare module 'fastify' {
  interface FastifyRequest {
    actor?: RequestActor;
  }
}

/** Resolves the actor of every request (401 when there is none) and enforces `@Roles`. */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(
    @Inject(ACTOR_RESOLVER) private readonly resolver: ActorResolver,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = await this.resolver.resolve(request);
    if (!actor) throw new ProblemError(401, 'unauthorized', 'Who is asking?', 'The request names no actor');
    request.actor = actor;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed && !allowed.includes(actor.role))
      throw new ProblemError(
        403,
        'forbidden',
        'Not allowed for your role',
        `Requires one of: ${allowed.join(', ')}`,
        {
          role: actor.role,
        },
      );
    return true;
  }
}

/** The acting user, resolved by `ActorGuard`. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new ProblemError(401, 'unauthorized', 'Who is asking?', 'The request names no actor');
  return actor;
});
