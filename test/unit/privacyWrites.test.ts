import { erasedCustomer } from '../../src/domain/privacy';
import { correctionWrites, erasureWrites, erasureKey, noteRemoval, notedTouchpointsQuery } from '../../src/store/privacy';
import { aCustomer } from '../support/builders';

const before = aCustomer({ id: 'cus_1', externalId: 'crm-1', name: 'Ada', email: 'ada@example.com' });

describe('correction writes', () => {
  it('update only the profile, guarded by profileVersion and not erased, never touching version', () => {
    const [customer, ...rest] = correctionWrites('t', before, { ...before, name: 'Ada K', email: null, profileVersion: 2 });
    const update = customer?.write.Update;
    expect(rest).toEqual([]);
    expect(update?.UpdateExpression).toBe('SET #name = :name, externalId = :externalId, profileVersion = :next REMOVE email');
    expect(update?.ConditionExpression).toBe(
      'attribute_exists(pk) AND attribute_not_exists(erasedAt) AND (attribute_not_exists(profileVersion) OR profileVersion = :read)',
    );
    expect(JSON.stringify(update)).not.toContain('version =');
  });

  it('move the externalId claim: the new one put only if free, the old one released only if ours', () => {
    const writes = correctionWrites('t', { ...before, profileVersion: 3 }, { ...before, externalId: 'crm-2', profileVersion: 4 });
    expect(writes.map((w) => w.label)).toEqual(['customer', 'externalId', 'releasedExternalId']);
    expect(writes[0]?.write.Update?.ConditionExpression).toContain('profileVersion = :read');
    expect(writes[1]?.write.Put).toMatchObject({ Item: { pk: 'MAP#default#EXTERNAL#crm-2', customerId: 'cus_1' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(writes[2]?.write.Delete).toMatchObject({ Key: { pk: 'MAP#default#EXTERNAL#crm-1', sk: 'EXTERNAL' }, ConditionExpression: 'attribute_not_exists(pk) OR customerId = :id' });
  });
});

describe('erasure writes', () => {
  it('replace the profile, release the claim and record who, when and why, without the erased data', () => {
    const erasure = { customerId: 'cus_1', erasedAt: '2026-06-01T09:00:00.000Z', erasedBy: 'sub-admin', reason: 'Asked' };
    const writes = erasureWrites('t', before, erasedCustomer(before, erasure.erasedAt), erasure);
    expect(writes.map((w) => w.label)).toEqual(['customer', 'releasedExternalId', 'erasure']);
    expect(writes[0]?.write.Update?.ExpressionAttributeValues).toMatchObject({ ':name': '[erased]', ':externalId': '[erased]', ':erasedAt': erasure.erasedAt });
    expect(writes[0]?.write.Update?.UpdateExpression).toContain('REMOVE email');
    expect(writes[2]?.write.Put?.Item).toEqual({ ...erasureKey('cus_1'), type: 'Erasure', ...erasure });
    expect(JSON.stringify(writes)).not.toMatch(/Ada|ada@example.com/);
  });

  it('find noted touchpoints by key only and remove just the note', () => {
    expect(notedTouchpointsQuery('t', 'cus_1', undefined)).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_exists(note)',
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    expect(noteRemoval('t', { pk: 'CUSTOMER#cus_1', sk: 'TOUCHPOINT#tp_1' })).toMatchObject({ UpdateExpression: 'REMOVE note' });
  });
});
