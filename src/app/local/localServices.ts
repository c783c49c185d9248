import type { LocalEmulation } from '../../config';
import type { LocalClockStore } from '../../store/localClock';
import type { ResetCount, TableSnapshot } from '../../store/localTable';

/** LOCAL ONLY. What the local stack's admin operations need besides the ordinary services. */
export interface LocalServices {
  emulation: LocalEmulation;
  clock: LocalClockStore;
  /** Makes the table hold exactly the snapshot's items (DynamoDB Local only). */
  restore: (snapshot: TableSnapshot) => Promise<ResetCount>;
  /** The machine's time, which the local clock's offset moves. */
  machineClock: () => Date;
}
