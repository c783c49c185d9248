import type { Caller } from '../../domain/access';
import type { ResetCount } from '../../store/localTable';
import { requireLocalAdmin } from './localClock';
import type { LocalServices } from './localServices';
import { readSnapshotFile } from './snapshotFile';

export interface LocalDataReset extends ResetCount {
  /** The customers of the start state, in the order they were first seeded. */
  customerIds: string[];
}

/**
 * LOCAL ONLY. Back to the state the stack started from: the table holds exactly the items `npm start` seeded
 * (default map, demo data, fixture) again, with the same ids, dates and figures, without running the seeding again;
 * the clock's item is gone with everything else written since, so the clock is the machine's again.
 */
export async function resetLocalData(local: LocalServices, caller: Caller): Promise<LocalDataReset> {
  requireLocalAdmin(caller);
  const snapshot = await readSnapshotFile(local.emulation.snapshotFile);
  return { customerIds: snapshot.customerIds, ...(await local.restore(snapshot)) };
}
