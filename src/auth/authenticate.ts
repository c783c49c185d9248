import { readFileSync } from 'node:fs';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { Config } from '../config';
import { rolesFromGroups, type Caller } from '../domain/access';
import { DomainError } from '../domain/errors';
import { groupsFromClaim } from './groups';

export interface Credentials {
  /** The Authorization header as sent. */
  authorization: string | undefined;
  /** Claims API Gateway's JWT authorizer verified, when it stands in front. */
  verifiedClaims: Record<string, unknown> | undefined;
}

export type Authenticate = (credentials: Credentials) => Promise<Caller>;

const unauthenticated = (why: string) => new DomainError('UNAUTHENTICATED', why);

/**
 * Deployed, API Gateway verifies the JWT and we read its claims; locally and in tests, we verify RS256 tokens
 * ourselves against the local key set. Only RS256 is accepted: never "none", never an HMAC secret.
 */
export function createAuthenticator(auth: Config['auth']): Authenticate {
  const callerFrom = (claims: Record<string, unknown>): Caller => {
    const sub = claims['sub'];
    if (typeof sub !== 'string' || sub === '') throw unauthenticated('The token has no subject');
    return { sub, roles: rolesFromGroups(groupsFromClaim(claims[auth.groupsClaim])) };
  };

  if (auth.mode === 'gateway') {
    return async ({ verifiedClaims }) => {
      if (!verifiedClaims) throw unauthenticated('A bearer token is required');
      return callerFrom(verifiedClaims);
    };
  }

  const jwks = JSON.parse(readFileSync(auth.localJwksFile as string, 'utf8')) as JSONWebKeySet;
  // jose is loaded only here, in local mode: deployed stages (gateway mode) never verify a token themselves, and
  // loading it cost each of their cold starts about 10 ms.
  const verifier = import('jose').then((jose) => ({ jose, keySet: jose.createLocalJWKSet(jwks) }));
  return async ({ authorization }) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw unauthenticated('A bearer token is required: Authorization: Bearer <JWT>');
    const { jose, keySet } = await verifier;
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(match[1] as string, keySet, {
        algorithms: ['RS256'],
        issuer: auth.issuer,
        audience: auth.audience,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw unauthenticated(describe(jose.errors, error));
    }
    return callerFrom(payload);
  };
}

function describe(joseErrors: typeof import('jose').errors, error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return 'The token is not valid here or not yet';
  return 'The token is not valid';
}
