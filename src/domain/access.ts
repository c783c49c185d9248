import { DomainError } from './errors';
import type { Team } from './vocabulary';

export const ROLES = ['viewer', 'marketing', 'training', 'operations', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the token's subject and the roles its groups grant. */
export interface Caller {
  sub: string;
  roles: Role[];
}

const TEAM_OF_ROLE: Partial<Record<Role, Team>> = {
  marketing: 'MARKETING',
  training: 'TRAINING',
  operations: 'OPERATIONS',
};

/** The roles among a token's groups, matched whole and exactly (Cognito group names are case-sensitive). */
export function rolesFromGroups(groups: string[]): Role[] {
  return ROLES.filter((role) => groups.includes(role));
}

export function canRead(caller: Caller): boolean {
  return caller.roles.length > 0;
}

/** Personal data (email) is for the teams and admins, not for viewers. */
export function canSeePersonalData(caller: Caller): boolean {
  return caller.roles.some((role) => role !== 'viewer');
}

export function requireReader(caller: Caller): void {
  if (!canRead(caller)) throw new DomainError('FORBIDDEN', 'Your token grants no role of this API');
}

/** Marketing brings customers in; admins may do anything. */
export function requireCanCreateCustomer(caller: Caller): void {
  if (!caller.roles.some((role) => role === 'marketing' || role === 'admin')) {
    throw new DomainError('FORBIDDEN', 'Only marketing and admin may create customers');
  }
}

/** Maps are the business's own configuration: only admins create and change them. */
export function requireCanEditMaps(caller: Caller): void {
  if (!caller.roles.includes('admin')) throw new DomainError('FORBIDDEN', 'Only admin may create or change lifecycle maps');
}

/** A team role acts only as its own team: it records that team's touchpoints and moves as that team. */
export function requireCanActAs(caller: Caller, team: Team, field = 'input.team'): void {
  if (caller.roles.includes('admin')) return;
  if (caller.roles.some((role) => TEAM_OF_ROLE[role] === team)) return;
  throw new DomainError('FORBIDDEN', `Your role may not act for team ${team}`, { field });
}

/** Webhook subscriptions send the business's data outside it: admins only. */
export function requireCanManageWebhooks(caller: Caller): void {
  if (!caller.roles.includes('admin')) throw new DomainError('FORBIDDEN', 'Only admin may manage webhook subscriptions');
}
