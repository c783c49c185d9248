import { readFile, writeFile } from 'node:fs/promises';
import type { TableSnapshot } from '../../store/localTable';

/** LOCAL ONLY. The start state of the local stack, kept in a file every process of the stack can read. */
export async function readSnapshotFile(path: string): Promise<TableSnapshot> {
  return JSON.parse(await readFile(path, 'utf8')) as TableSnapshot;
}

export async function writeSnapshotFile(path: string, snapshot: TableSnapshot): Promise<void> {
  await writeFile(path, JSON.stringify(snapshot));
}
