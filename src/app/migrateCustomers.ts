import type { Caller } from '../domain/access';
import { DomainError } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import { MIGRATION_REASON, type MigrationInput } from '../domain/mapInput';
import { applyMove } from '../domain/moves';
import { timeLeftFor } from '../store/deadline';
import type { CustomerChange } from '../store/lifecycleStore';
import { pauseBeforeRetry } from './retry';
import type { Services } from './services';

/** Customers moved per round: one page of the stage index, one consistent batch read, a few transactions. */
const PAGE = 100;
/** What a round may take at most, so a migration too large for one request stops in time to say so. */
const ROUND_MS = 2_000;

/**
 * Moves every customer standing in a removed stage to its migration's stage, as transitions of the new map's
 * version with the reason "map updated", through the same commit path as any move (counters exact, journeys
 * whole). The map is already stored: no write planned on the old version can bring a customer into a removed stage
 * any more, so the stage empties for good. Running it again (a retried update) moves only who is still there.
 * Returns how many customers it moved.
 */
export async function migrateCustomers(services: Services, caller: Caller, map: LifecycleMap, migrate: MigrationInput[]): Promise<number> {
  let moved = 0;
  for (const migration of migrate) {
    for (let attempt = 0; ; attempt++) {
      if (!timeLeftFor(ROUND_MS)) throw unfinished(moved);
      const page = await services.store.customersInStages(map.id, [migration.from], PAGE, null);
      // The stage index lags the table a little: the counters, written with every move, say when the stage is empty.
      if (page.nodes.length === 0) {
        const counts = await services.store.stageCounts(map.id, [migration.from], true);
        if ((counts.get(migration.from) ?? 0) <= 0) break;
      }
      const { customers } = await services.store.readForWrite(page.nodes.map(({ node }) => node.id), []);
      const now = services.clock();
      const changes: CustomerChange[] = [...customers.values()]
        .filter((customer) => customer.mapId === map.id && customer.stage === migration.from)
        .map((customer) => {
          const { after, transition } = applyMove(map, customer, {
            transitionId: `trn_${services.newId()}`,
            to: migration.to,
            at: now.toISOString(),
            team: null,
            reason: MIGRATION_REASON,
            touchpointId: null,
            automatic: true,
            ruleId: null,
            recordedBy: caller.sub,
          });
          return { map, before: customer, after, transitions: [transition], touchpoints: [], resolutions: [], idempotency: [] };
        });
      const outcomes = await services.store.commit(changes, now);
      const committed = outcomes.filter((outcome) => outcome.status === 'committed').length;
      moved += committed;
      // Customers changed underneath (a touchpoint, say) are read again; a round that moved nobody waits a little.
      if (committed === 0 && !(await pauseBeforeRetry(attempt))) throw unfinished(moved);
    }
  }
  return moved;
}

/** The map is stored; the rest moves when the same update is sent again (it resumes where this one stopped). */
const unfinished = (moved: number) =>
  new DomainError('UNAVAILABLE', `The map is stored and ${moved} customers moved; send the same update again to move the rest`, {
    field: 'input.migrate',
  });
