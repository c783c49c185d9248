import { LOCAL_CURSOR_SECRET } from '../../src/config';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeSnapshotFile } from '../../src/app/local/snapshotFile';
import { createServices } from '../../src/app/services';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import type { Logger } from '../../src/log';
import { LifecycleStore } from '../../src/store/lifecycleStore';
import { LocalClockStore } from '../../src/store/localClock';
import { scanTable } from '../../src/store/localTable';
import type { Fixture } from './fixture';
import { StreamTail, drainStream } from './localProjector';
import { seedStartState } from './startState';
import { ensureTable } from './table';

export interface StartData {
  /** External id -> customer id of the start state (demo and fixture). */
  customers: Record<string, string>;
  /** Customers of earlier runs kept in the table (then the start state was written aside, for resets only). */
  kept: number;
}

/**
 * Seeds the start state (default map, demo data, fixture) through the use cases and keeps it as a snapshot file
 * that resetLocalData writes back. An empty table is seeded in place; a table with customers of earlier runs is
 * kept as it is, with the start state seeded into a scratch table for the snapshot. The stream projector counts
 * everything seeded before the snapshot is taken, so a reset puts back counted facts and their counters. The clock
 * starts unmoved.
 */
export async function prepareStartData(
  stack: { client: DynamoDBDocumentClient; endpoint: string; tableName: string; logger: Logger },
  state: { demo: boolean; fixture: Fixture | undefined },
  snapshotFile: string,
): Promise<StartData> {
  const { client, tableName } = stack;
  const store = new LifecycleStore(client, tableName);
  await new LocalClockStore(client, tableName).reset();
  const counts = await store.stageCounts(DEFAULT_MAP.id, DEFAULT_MAP.stages.map((stage) => stage.key));
  const kept = [...counts.values()].reduce((sum, count) => sum + count, 0);
  // A changed default map reaches a kept table too.
  if (kept > 0) await store.putMap(DEFAULT_MAP);

  const target = kept > 0 ? `${tableName}-start-${randomBytes(4).toString('hex')}` : tableName;
  if (target !== tableName) await ensureTable(client, target);
  try {
    const services = createServices(client, target, { cursorSecret: LOCAL_CURSOR_SECRET });
    const { store: targetStore, projection } = services;
    const customerIds = await seedStartState(services, state, new Date());
    const tail = new StreamTail(stack.endpoint, target);
    try {
      await drainStream(tail, { store: targetStore, projection, loadMap: (id) => targetStore.getMap(id) }, stack.logger);
    } finally {
      tail.close();
    }
    await writeSnapshotFile(snapshotFile, { customerIds, items: await scanTable(client, target) });
    const customers = await targetStore.getCustomers(customerIds);
    return { customers: Object.fromEntries(customers.map((customer) => [customer.externalId, customer.id])), kept };
  } finally {
    if (target !== tableName) await client.send(new DeleteTableCommand({ TableName: target }));
  }
}
