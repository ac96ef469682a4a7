import type { FastifyRequest } from 'fastify';
import { ROLES, type ActorResolver, type RequestActor, type Role } from '../http/actor';
import { ProblemError } from '../http/problem';
import { JwtError, verifyJwt, type KeySource, type VerifyOptions } from './jwt';

/** The claims that carry a Baton actor besides `sub`. */
export const ACTOR_CLAIMS = { role: 'baton_role', agency: 'baton_agency', regions: 'baton_regions' } as const;

/**
 * The actor of a request from its bearer JWT (`Authorization: Bearer …`), verified against the issuer's keys:
 * `sub` the user, `baton_role` one of ARCHITECTURE.md's roles, `baton_agency` and `baton_regions` the scope.
 * No token: no actor (401). A bad token: 401 naming why.
 */
export class JwtActorResolver implements ActorResolver {
  constructor(
    private readonly keys: KeySource,
    private readonly options: Pick<VerifyOptions, 'issuer' | 'audience' | 'toleranceS'> = {},
  ) {}

  async resolve(request: FastifyRequest): Promise<RequestActor | undefined> {
    const authorization = request.headers.authorization;
    if (!authorization) return undefined;
    const match = /^Bearer ([^\s]+)$/i.exec(authorization);
    if (!match) throw unauthorized('bearer', 'Authorization must be "Bearer <token>"');
    let claims;
    try {
      claims = await verifyJwt(match[1], this.keys, this.options);
    } catch (error) {
      if (error instanceof JwtError) throw unauthorized(error.rule, error.message);
      throw error;
    }
    const role = claims[ACTOR_CLAIMS.role];
    if (typeof claims.sub !== 'string' || !claims.sub)
      throw unauthorized('sub', 'The token names no subject');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      throw unauthorized('role', `${ACTOR_CLAIMS.role} must be one of ${ROLES.join(', ')}`);
    const agencyId = claims[ACTOR_CLAIMS.agency];
    const regions = claims[ACTOR_CLAIMS.regions];
    return {
      userId: claims.sub,
      role: role as Role,
      ...(typeof agencyId === 'string' && { agencyId }),
      regions: Array.isArray(regions) ? regions.filter((r): r is string => typeof r === 'string') : [],
    };
  }
}

function unauthorized(rule: string, detail: string): ProblemError {
  return new ProblemError(401, 'unauthorized', 'The bearer token was refused', detail, {
    errors: [{ field: 'Authorization', rule, message: detail }],
  });
}
