import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { MAP_GUARD_SHARDS } from '../../src/store/keys';
import { mapWrites, unchangedShards } from '../../src/store/maps';

const labels = (writes: ReturnType<typeof mapWrites>) => writes.map((w) => w.label);

describe('the writes that store a map version', () => {
  it('put the current map, the version beside it and the version on every guard item', () => {
    const writes = mapWrites('t', { ...DEFAULT_MAP, version: 3 }, 2);
    expect(labels(writes)).toEqual(['map', 'mapVersion', ...Array.from({ length: MAP_GUARD_SHARDS }, (_, i) => `mapGuard:${i}`)]);
    expect(writes[1]?.write.Put).toMatchObject({ Item: { pk: 'MAP#default', sk: 'VERSION#0000000003' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(writes[2]?.write.Put?.Item).toEqual({ pk: 'MAP#default#GUARD#0', sk: 'GUARD', type: 'MapGuard', version: 3 });
  });

  it('store an update only over the expected version (a map from before versions counts as 1), a new map only over none', () => {
    expect(mapWrites('t', { ...DEFAULT_MAP, version: 3 }, 2)[0]?.write.Put).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND #map.#version = :expected',
      ExpressionAttributeValues: { ':expected': 2 },
    });
    expect(mapWrites('t', { ...DEFAULT_MAP, version: 2 }, 1)[0]?.write.Put?.ConditionExpression).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(#map.#version) OR #map.#version = :expected)',
    );
    expect(mapWrites('t', DEFAULT_MAP, 'new')[0]?.write.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(mapWrites('t', DEFAULT_MAP, 'any')[0]?.write.Put?.ConditionExpression).toBeUndefined();
  });

  it('check counter shards of removed stages are as counted: absent ones still absent', () => {
    const checks = unchangedShards('t', [
      { key: { pk: 'MAP#m#COUNTER#0', sk: 'STAGE#TRIAL' }, stage: 'TRIAL', count: 2 },
      { key: { pk: 'MAP#m#COUNTER#1', sk: 'STAGE#TRIAL' }, stage: 'TRIAL', count: null },
    ]);
    expect(checks.map((c) => c.write.ConditionCheck?.ConditionExpression)).toEqual(['#count = :count', 'attribute_not_exists(pk)']);
    expect(checks[0]?.write.ConditionCheck?.ExpressionAttributeValues).toEqual({ ':count': 2 });
  });
});
