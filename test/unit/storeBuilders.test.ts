import { decodeCursor, encodeCursor } from '../../src/store/cursor';
import { COUNTER_SHARDS, counterShard, transitionKey, touchpointKey } from '../../src/store/keys';
import { touchpointId } from '../../src/domain/moves';

describe('cursors', () => {
  it('round-trip a position', () => {
    expect(decodeCursor(encodeCursor(['ACTIVE', '2026-01-01T00:00:00.000Z#cus_1', 'cus_1']), 3)).toEqual([
      'ACTIVE',
      '2026-01-01T00:00:00.000Z#cus_1',
      'cus_1',
    ]);
  });

  it.each(['not-base64!!', Buffer.from('{"pk":"x"}').toString('base64url'), encodeCursor(['a']), encodeCursor(['a', ''])])(
    'refuse %p as BAD_USER_INPUT',
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }));
    },
  );
});

describe('keys', () => {
  it('order transitions by version and touchpoints by when they happened', () => {
    expect(transitionKey('c', 2).sk < transitionKey('c', 10).sk).toBe(true);
    const early = touchpointId('2025-01-01T00:00:00.000Z', 'zzz');
    const late = touchpointId('2026-01-01T00:00:00.000Z', 'aaa');
    expect(touchpointKey('c', early).sk < touchpointKey('c', late).sk).toBe(true);
  });

  it('spread counter writes over every shard', () => {
    const shards = new Set(Array.from({ length: 500 }, (_, i) => counterShard(`trn_${i}`)));
    expect([...shards].sort()).toEqual(Array.from({ length: COUNTER_SHARDS }, (_, i) => i));
  });
});
