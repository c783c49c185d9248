import { readFileSync } from 'node:fs';
import type { FetchImplementation, JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import { rolesFromGroups, type Caller } from '../domain/access';
import { DomainError } from '../domain/errors';
import { groupsFromClaim } from './groups';

export interface Credentials {
  /** The Authorization header as sent. */
  authorization: string | undefined;
}

export type Authenticate = (credentials: Credentials) => Promise<Caller>;

export interface AuthenticatorOptions {
  /** How the issuer's key set is fetched in gateway mode: the platform's fetch unless given (tests serve keys). */
  fetchKeys?: FetchImplementation | undefined;
}

type Jose = typeof import('jose');

const unauthenticated = (why: string) => new DomainError('UNAUTHENTICATED', why);

/**
 * Every token is verified here, in every mode: RS256 only (never "none", never an HMAC secret), of the configured
 * issuer and audience, with a subject and an expiry. In gateway mode API Gateway's authorizer has checked it too,
 * but claims it passes on are not trusted: a route without the authorizer, or serverless-offline (which fills them
 * from any token), would make them anybody's.
 */
export function createAuthenticator(auth: Config['auth'], options: AuthenticatorOptions = {}): Authenticate {
  // jose loads while the container starts, beside Lambda's fetch of the first event, not on the cold start's path.
  const verifier = import('jose').then((jose) => ({ jose, keySet: keySetOf(jose, auth, options) }));
  return async ({ authorization }) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw unauthenticated('A bearer token is required: Authorization: Bearer <JWT>');
    const { jose, keySet } = await verifier;
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(match[1] as string, keySet, {
        algorithms: ['RS256'],
        issuer: auth.issuer,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      // An unreachable key set is our fault, not the caller's: it surfaces as an internal error.
      if (error instanceof jose.errors.JWKSTimeout || !(error instanceof jose.errors.JOSEError)) throw error;
      throw unauthenticated(describe(jose.errors, error));
    }
    if (!meantFor(payload, auth.audience)) throw unauthenticated('The token is not valid here or not yet');
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub === '') throw unauthenticated('The token has no subject');
    return { sub, roles: rolesFromGroups(groupsFromClaim(payload[auth.groupsClaim])) };
  };
}

/** The local key set file, or the issuer's published one: fetched once, cached per container and refreshed on an unknown key id. */
function keySetOf(jose: Jose, auth: Config['auth'], options: AuthenticatorOptions): JWTVerifyGetKey {
  if (auth.mode === 'local') {
    return jose.createLocalJWKSet(JSON.parse(readFileSync(auth.localJwksFile as string, 'utf8')) as JSONWebKeySet);
  }
  return jose.createRemoteJWKSet(new URL(auth.jwksUrl as string), {
    timeoutDuration: 3000,
    cacheMaxAge: 10 * 60 * 1000,
    ...(options.fetchKeys ? { [jose.customFetch]: options.fetchKeys } : {}),
  });
}

/**
 * Whether the token names our audience: ID tokens in `aud`, Cognito access tokens in `client_id` (they carry no
 * aud), as API Gateway's JWT authorizer accepts either.
 */
function meantFor(payload: JWTPayload, audience: string): boolean {
  const aud = payload.aud;
  if (aud === audience || (Array.isArray(aud) && aud.includes(audience))) return true;
  return aud === undefined && payload['client_id'] === audience;
}

function describe(joseErrors: Jose['errors'], error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return 'The token is not valid here or not yet';
  return 'The token is not valid';
}
