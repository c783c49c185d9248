import { resetWrites, scanParams, writeBatchParams, type RawItem } from '../../src/store/localTable';

const item = (pk: string, sk: string, extra: RawItem = {}): RawItem => ({ pk: { S: pk }, sk: { S: sk }, ...extra });

describe('writing the start snapshot back', () => {
  const snapshot = [
    item('MAP#default', 'MAP', { name: { S: 'Default' } }),
    item('CUSTOMER#a', 'CUSTOMER', { stage: { S: 'PROSPECT' }, version: { N: '1' }, tags: { M: { x: { S: '1' }, y: { L: [{ N: '2' }] } } } }),
  ];

  it('writes nothing when the table holds the snapshot, whatever order attributes come in', () => {
    const same: RawItem[] = [
      { name: { S: 'Default' }, sk: { S: 'MAP' }, pk: { S: 'MAP#default' } },
      { tags: { M: { y: { L: [{ N: '2' }] }, x: { S: '1' } } }, version: { N: '1' }, stage: { S: 'PROSPECT' }, sk: { S: 'CUSTOMER' }, pk: { S: 'CUSTOMER#a' } },
    ];
    expect(resetWrites(same, snapshot)).toEqual([]);
  });

  it('deletes what was added, puts back what changed or went missing, and leaves the rest', () => {
    const current = [
      item('CUSTOMER#a', 'CUSTOMER', { stage: { S: 'ONBOARDING' }, version: { N: '2' }, tags: { M: {} } }),
      item('CUSTOMER#b', 'CUSTOMER', { stage: { S: 'PROSPECT' } }),
      item('LOCAL#CLOCK', 'CLOCK', { offsetMs: { N: '1000' } }),
    ];
    expect(resetWrites(current, snapshot)).toEqual([
      { DeleteRequest: { Key: { pk: { S: 'CUSTOMER#b' }, sk: { S: 'CUSTOMER' } } } },
      { DeleteRequest: { Key: { pk: { S: 'LOCAL#CLOCK' }, sk: { S: 'CLOCK' } } } },
      { PutRequest: { Item: snapshot[0] } },
      { PutRequest: { Item: snapshot[1] } },
    ]);
  });

  it('scans consistently from where the last page stopped, and batches writes for one table', () => {
    expect(scanParams('t', undefined)).toEqual({ TableName: 't', ConsistentRead: true });
    expect(scanParams('t', item('a', 'b'))).toEqual({ TableName: 't', ConsistentRead: true, ExclusiveStartKey: item('a', 'b') });
    const writes = [{ DeleteRequest: { Key: item('a', 'b') } }];
    expect(writeBatchParams('t', writes)).toEqual({ RequestItems: { t: writes } });
  });
});
