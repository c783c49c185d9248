import { badInput } from '../domain/errors';

/**
 * Cursors are opaque to clients: base64url of the position inside a list. They carry only sort positions, never
 * whole keys, so a forged cursor cannot point a query at another partition; anything malformed is BAD_USER_INPUT.
 */
export function encodeCursor(position: string[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, parts: number, field = 'after'): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(field, `${field} is not a cursor of this list`);
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== parts ||
    !decoded.every((part) => typeof part === 'string' && part.length > 0 && part.length < 1024)
  ) {
    throw badInput(field, `${field} is not a cursor of this list`);
  }
  return decoded as string[];
}
