import type { FastifyRequest } from 'fastify';

/** The roles a token can carry (the `system` actor of imports never comes through HTTP). */
export const USER_ROLES = ['rep', 'manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Who sends a request, from the verified token. */
export interface Principal {
  /** The token's `sub`: for a rep, the rep id. */
  userId: string;
  role: UserRole;
  /** The regions a manager looks after (the token's `regions` claim). */
  regions?: string[];
}

/** The principal when authentication is turned off (AUTH_DISABLED=true). */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({ userId: 'anonymous', role: 'admin' });

/** Where the guard leaves the principal: a symbol, so that no request header or body can set it. */
const PRINCIPAL = Symbol('crm.principal');

type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: Principal };

export const attachPrincipal = (request: FastifyRequest, principal: Principal): void => {
  (request as WithPrincipal)[PRINCIPAL] = principal;
};

/** The request's principal; throws when the route was not authenticated (a wiring mistake). */
export const principalOf = (request: FastifyRequest): Principal => {
  const principal = (request as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error('No principal on the request: the route is public or the guard is missing');
  return principal;
};

/** Whether a manager looks after the region. */
export const coversRegion = (principal: Principal, region: string | null | undefined): boolean =>
  region != null && (principal.regions ?? []).includes(region);
