import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../src/config';

/**
 * LOCAL DEVELOPMENT ONLY. An RS256 key pair made on first start and kept in the git-ignored .local/ folder:
 * the public half is the key set the local stack verifies against, the private half signs `npm run token`.
 */
export interface LocalKeys {
  jwksFile: string;
  privateJwk: JWK;
}

export const LOCAL_DIR = join(__dirname, '../../.local');

export async function ensureLocalKeys(dir: string = LOCAL_DIR): Promise<LocalKeys> {
  const jwksFile = join(dir, 'jwks.json');
  const privateFile = join(dir, 'signing-key.json');
  if (!existsSync(jwksFile) || !existsSync(privateFile)) {
    mkdirSync(dir, { recursive: true });
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `local-${Date.now().toString(36)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
    writeFileSync(privateFile, JSON.stringify(privateJwk), { mode: 0o600 });
    writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }, null, 2));
  }
  return { jwksFile, privateJwk: JSON.parse(readFileSync(privateFile, 'utf8')) as JWK };
}

export interface TokenClaims {
  sub: string;
  groups: string[];
  issuer?: string;
  audience?: string;
  expiresIn?: string;
}

/** A token the local stack accepts, shaped like a Cognito access token (groups in cognito:groups). */
export async function signLocalToken(privateJwk: JWK, claims: TokenClaims): Promise<string> {
  const key = await importJWK(privateJwk, 'RS256');
  return new SignJWT({ 'cognito:groups': claims.groups })
    .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid ?? 'local', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(claims.issuer ?? LOCAL_ISSUER)
    .setAudience(claims.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(key);
}
