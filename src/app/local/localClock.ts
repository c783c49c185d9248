import { DomainError } from '../../domain/errors';
import type { Caller } from '../../domain/access';
import { movedClock, offsetAdvancedBy, offsetToReach } from '../../domain/localClock';
import type { Instant } from '../../domain/records';
import type { LocalServices } from './localServices';

export interface LocalClockReading {
  now: Instant;
  offsetMs: number;
}

/** LOCAL ONLY. Only admins move the local stack's clock or reset its data. */
export function requireLocalAdmin(caller: Caller): void {
  if (!caller.roles.includes('admin')) throw new DomainError('FORBIDDEN', 'Only admin may change the local stack');
}

/** The time the local stack sees for one request: read once, so one request never sees two clocks. */
export async function requestClock(local: LocalServices): Promise<() => Date> {
  const offsetMs = await local.clock.offset();
  return () => movedClock(offsetMs, local.machineClock());
}

export async function readLocalClock(local: LocalServices): Promise<LocalClockReading> {
  const offsetMs = await local.clock.offset();
  return { now: movedClock(offsetMs, local.machineClock()).toISOString(), offsetMs };
}

export async function setLocalClock(local: LocalServices, caller: Caller, now: Instant): Promise<LocalClockReading> {
  requireLocalAdmin(caller);
  return moveTo(local, offsetToReach('now', now, local.machineClock()));
}

export async function advanceLocalClock(
  local: LocalServices,
  caller: Caller,
  by: { days?: number | null; hours?: number | null },
): Promise<LocalClockReading> {
  requireLocalAdmin(caller);
  return moveTo(local, offsetAdvancedBy(await local.clock.offset(), local.machineClock(), by));
}

export async function resetLocalClock(local: LocalServices, caller: Caller): Promise<LocalClockReading> {
  requireLocalAdmin(caller);
  await local.clock.reset();
  return { now: local.machineClock().toISOString(), offsetMs: 0 };
}

async function moveTo(local: LocalServices, offsetMs: number): Promise<LocalClockReading> {
  await local.clock.move(offsetMs);
  return { now: movedClock(offsetMs, local.machineClock()).toISOString(), offsetMs };
}
