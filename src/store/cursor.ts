import { createHmac, timingSafeEqual } from 'node:crypto';
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

/**
 * What a cursor was read from: the list, its map or customer, and the arguments that choose its items. A cursor
 * answers only the same list with the same arguments; carried anywhere else it is BAD_USER_INPUT, never a query.
 */
export type CursorBinding = readonly [list: string, ...scope: (string | number | null)[]];

const MAC_BYTES = 16;

function macOf(secret: string, binding: CursorBinding, position: string): string {
  return createHmac('sha256', secret).update(JSON.stringify([binding, position])).digest().subarray(0, MAC_BYTES).toString('base64url');
}

/** A store cursor signed to its binding with the deployment's secret: "<position>.<mac>". */
export function sealCursor(secret: string, binding: CursorBinding, position: string): string {
  return `${position}.${macOf(secret, binding, position)}`;
}

/** The store cursor inside a sealed one, if it was sealed here for this very binding; otherwise BAD_USER_INPUT. */
export function openCursor(secret: string, binding: CursorBinding, cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const dot = cursor.lastIndexOf('.');
  const position = cursor.slice(0, dot);
  const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
  const expected = Buffer.from(macOf(secret, binding, position), 'base64url');
  if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badInput(field, `${field} is not a cursor of this list`);
  }
  return position;
}
