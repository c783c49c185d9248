import { requireCanEditMaps, type Caller } from '../domain/access';
import { DomainError, conflict, notFound } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import type { MapInput } from '../domain/mapInput';
import { mapFromInput, removedStages, requireValidMap } from '../domain/mapValidation';
import { optionalVersion } from '../domain/validation';
import type { MapWriteOutcome, ShardReading } from '../store/maps';
import { migrateCustomers } from './migrateCustomers';
import { pauseBeforeRetry } from './retry';
import type { Services } from './services';

export interface MapEditResult {
  map: LifecycleMap;
  /** Customers moved out of removed stages by the update's `migrate` (in a dry run: who would move). */
  migrated: number;
  dryRun: boolean;
}

/**
 * Stores a new map at version 1. Admin only; every problem of the input is reported at once. Sent again after a
 * timeout with the same input, it answers the map it stored (as long as nobody changed it since).
 */
export async function createLifecycleMap(services: Services, caller: Caller, input: MapInput): Promise<MapEditResult> {
  requireCanEditMaps(caller);
  requireValidMap(input, null);
  const map = mapFromInput(input.id as string, input, 1);
  const dryRun = input.dryRun === true;
  const created = dryRun ? false : (await services.store.maps.create(map)).status === 'stored';
  if (!created) {
    const stored = await services.store.getMap(map.id, true);
    if (stored && canonical(stored) !== canonical(map)) throw conflict(`A map with this id already exists`, 'input.id');
  }
  return { map, migrated: 0, dryRun };
}

/**
 * Stores the next version of a map, only if the stored one is `expectedVersion` (a racing update loses with
 * CONFLICT). A stage it removes must be empty or named in `migrate`, whose customers then move as transitions of
 * the new version. Sent again after a timeout (same input, same expectedVersion), it finishes the migration and
 * answers the version it stored.
 */
export async function updateLifecycleMap(
  services: Services,
  caller: Caller,
  request: { id: string; expectedVersion: number; input: MapInput },
): Promise<MapEditResult> {
  requireCanEditMaps(caller);
  const expectedVersion = optionalVersion('expectedVersion', request.expectedVersion) as number;
  const stored = await services.store.getMap(request.id, true);
  if (!stored) throw notFound('The map', 'id');
  const migrate = request.input.migrate ?? [];
  const dryRun = request.input.dryRun === true;

  if (stored.version === expectedVersion + 1 && !dryRun) {
    // A retry of the update that stored this version: finish what it started.
    const previous = await services.store.maps.getVersion(stored.id, expectedVersion);
    if (previous && canonical(mapFromInput(stored.id, request.input, stored.version)) === canonical(stored)) {
      requireValidMap(request.input, previous);
      return { map: stored, migrated: await migrateCustomers(services, caller, stored, migrate), dryRun };
    }
  }
  if (stored.version !== expectedVersion) {
    throw conflict(`Map ${stored.id} is at version ${stored.version}, not ${expectedVersion}`, 'expectedVersion');
  }
  requireValidMap(request.input, stored);
  const next = mapFromInput(stored.id, request.input, stored.version + 1);
  if (dryRun) {
    await requireRemovedStagesEmptyOrMigrated(services, stored, next, request.input);
    const moving = await services.store.stageCounts(stored.id, migrate.map((migration) => migration.from), true);
    return { map: next, migrated: [...moving.values()].reduce((sum, count) => sum + count, 0), dryRun };
  }
  let outcome: MapWriteOutcome;
  for (let attempt = 0; ; attempt++) {
    const emptied = await requireRemovedStagesEmptyOrMigrated(services, stored, next, request.input);
    outcome = await services.store.maps.update(next, expectedVersion, emptied);
    // A customer entered (or left) a removed stage between the count and the write: count again.
    if (outcome.status !== 'stagesMoved') break;
    if (!(await pauseBeforeRetry(attempt))) {
      throw conflict('Customers keep moving in and out of the stages this update removes; send it again', 'input.migrate');
    }
  }
  if (outcome.status !== 'stored') {
    const now = outcome.status === 'stale' && outcome.storedVersion !== null ? `version ${outcome.storedVersion}` : 'another version';
    throw conflict(`Map ${stored.id} was changed meanwhile: it is at ${now}, not ${expectedVersion}`, 'expectedVersion');
  }
  return { map: next, migrated: await migrateCustomers(services, caller, next, migrate), dryRun };
}

/**
 * CONFLICT, with how many customers stand in them, when stages the update removes hold customers nobody moves.
 * Otherwise the counter shards of those stages as read: the update commits only if they still hold that.
 */
async function requireRemovedStagesEmptyOrMigrated(
  services: Services,
  stored: LifecycleMap,
  next: LifecycleMap,
  input: MapInput,
): Promise<ShardReading[]> {
  const migrated = new Set((input.migrate ?? []).map((migration) => migration.from));
  const unmigrated = removedStages(stored, next).filter((stage) => !migrated.has(stage));
  if (unmigrated.length === 0) return [];
  const shards = await services.store.maps.stageShards(stored.id, unmigrated);
  const countOf = (stage: string) => shards.filter((shard) => shard.stage === stage).reduce((sum, shard) => sum + (shard.count ?? 0), 0);
  const standing = unmigrated.filter((stage) => countOf(stage) > 0);
  const count = standing.reduce((sum, stage) => sum + countOf(stage), 0);
  if (count === 0) return shards;
  throw new DomainError(
    'CONFLICT',
    `${count} customer${count === 1 ? '' : 's'} stand in ${standing.join(', ')}, which this update removes; ` +
      'name where they go in input.migrate',
    { field: 'input.migrate', count },
  );
}

/** A map as text with its keys in order: what it holds, whichever order its attributes were read back in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
