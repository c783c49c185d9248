import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { mapKey } from '../../src/store/keys';
import { readMapVersion } from '../../src/store/mapVersion';
import { freshTable, type TestTable } from '../support/dynamodb';

describe('a map version read', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await freshTable();
  });

  it('answers the stored version', async () => {
    await table.store.putMap({ ...DEFAULT_MAP, id: 'versioned', version: 4 });
    expect(await readMapVersion(table.client, table.tableName, 'versioned')).toBe(4);
  });

  it('answers 1 for a map stored before maps had versions', async () => {
    const { version: _version, ...unversioned } = { ...DEFAULT_MAP, id: 'old' };
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...mapKey('old'), type: 'Map', map: unversioned } }),
    );
    expect(await readMapVersion(table.client, table.tableName, 'old')).toBe(1);
    expect((await table.store.getMap('old'))?.version).toBe(1);
  });

  it('answers null when there is no such map', async () => {
    expect(await readMapVersion(table.client, table.tableName, 'nowhere')).toBeNull();
  });
});
