import { badInput } from '../../src/domain/errors';
import type { Instant } from '../../src/domain/records';

/** LOCAL ONLY. Shape checks of a parsed JSON document (a fixture), each refusal naming the field. */
export type Json = Record<string, unknown>;

export function object(field: string, value: unknown, keys: string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badInput(field, `${field} must be an object`);
  }
  // An unknown key is most often a misspelt one: refusing it beats silently seeding less than was meant.
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    throw badInput(`${field}.${unknown}`, `${field}.${unknown} is unknown: ${field} may have only ${keys.join(', ')}`);
  }
  return value as Json;
}

export function optionalArray(field: string, value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badInput(field, `${field} must be a list`);
  return value;
}

export function string(field: string, value: unknown): string {
  if (typeof value !== 'string') throw badInput(field, `${field} must be a string`);
  return value;
}

export function optionalString(field: string, value: unknown): string | null {
  return value === undefined || value === null ? null : string(field, value);
}

export function optionalNumber(field: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number') throw badInput(field, `${field} must be a number`);
  return value;
}

export function optionalInstant(field: string, value: unknown): Instant | null {
  const text = optionalString(field, value);
  if (text === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(Date.parse(text))) {
    throw badInput(field, `${field} must be an ISO-8601 date-time, e.g. 2026-11-22T09:30:00Z`);
  }
  return new Date(text).toISOString();
}

export function oneOf<T extends string>(field: string, value: unknown, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw badInput(field, `${field} must be one of ${values.join(', ')}`);
  }
  return value as T;
}

export function number(field: string, value: unknown): number {
  if (typeof value !== 'number') throw badInput(field, `${field} must be a number`);
  return value;
}

export function optionalBoolean(field: string, value: unknown): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') throw badInput(field, `${field} must be true or false`);
  return value;
}
