import type { ServiceConfig } from '../config';
import { TrustedHeaderActorResolver, type ActorResolver } from '../http/actor';
import type { Logger } from '../logging';
import { JwksKeySource } from './jwt';
import { JwtActorResolver } from './jwt-actor-resolver';

export * from './jwt';
export * from './jwt-actor-resolver';

/** The actor resolver the service's AUTH setting asks for (every service calls this, nothing else). */
export function createActorResolver(config: ServiceConfig, logger: Logger): ActorResolver {
  if (config.AUTH === 'jwt')
    return new JwtActorResolver(new JwksKeySource(config.AUTH_JWKS_URL!), {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    });
  logger.warn('AUTH=headers: X-Baton-* headers are trusted as the caller; run behind a trusted front only');
  return new TrustedHeaderActorResolver();
}
