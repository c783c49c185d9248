import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/app/local/snapshotFile';
import { scanTable } from '../../src/store/localTable';
import type { Fixture } from '../../scripts/lib/fixture';
import { seedStartState } from '../../scripts/lib/startState';
import { startApi, type TestApi } from './api';

export interface LocalTestApi extends TestApi {
  /** The start state's customer ids, as `npm start` seeded them. */
  seededIds: string[];
}

/**
 * The real handler configured as `npm start` configures it (LOCAL_EMULATION on), on a fresh table seeded with the
 * fixture and snapshotted as `npm start` does; the machine's clock is the table's TestClock.
 */
export async function startLocalApi(fixture?: Fixture): Promise<LocalTestApi> {
  const snapshotFile = join(mkdtempSync(join(tmpdir(), 'lifecycle-local-')), 'snapshot.json');
  const api = await startApi({ LOCAL_EMULATION: 'on', LOCAL_SNAPSHOT_FILE: snapshotFile });
  const seededIds = await seedStartState(api.table.services, { demo: false, fixture }, api.table.clock.now());
  // As npm start does: the snapshot holds counted facts and their counters.
  await api.table.project();
  await writeSnapshotFile(snapshotFile, { customerIds: seededIds, items: await scanTable(api.table.client, api.table.tableName) });
  return { ...api, seededIds };
}
