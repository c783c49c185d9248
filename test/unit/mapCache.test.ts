import { MapCache } from '../../src/app/mapCache';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import type { LifecycleMap } from '../../src/domain/map';

/** A table of maps that counts what the cache asks of it. */
function storedMaps(initial: LifecycleMap[]) {
  const maps = new Map(initial.map((map) => [map.id, map]));
  const reads = { load: 0, version: 0 };
  return {
    maps,
    reads,
    source: {
      load: async (id: string) => (reads.load++, maps.get(id) ?? null),
      version: async (id: string) => (reads.version++, maps.get(id)?.version ?? null),
    },
  };
}

describe('the map cache', () => {
  const window = { revalidateAfterMs: 3_000, maxMaps: 2 };
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 0));

  it('reads a map once and serves it without a request while the copy is fresh', async () => {
    const table = storedMaps([DEFAULT_MAP]);
    const cache = new MapCache(table.source, clock, window);
    expect(await cache.get(DEFAULT_MAP.id)).toBe(DEFAULT_MAP);
    now += 2_999;
    expect(await cache.get(DEFAULT_MAP.id)).toBe(DEFAULT_MAP);
    expect(table.reads).toEqual({ load: 1, version: 0 });
  });

  it('keeps an unchanged copy after one version read once the window has passed', async () => {
    const table = storedMaps([DEFAULT_MAP]);
    const cache = new MapCache(table.source, clock, window);
    await cache.get(DEFAULT_MAP.id);
    now += 3_000;
    expect(await cache.get(DEFAULT_MAP.id)).toBe(DEFAULT_MAP);
    now += 1_000;
    await cache.get(DEFAULT_MAP.id);
    expect(table.reads).toEqual({ load: 1, version: 1 });
  });

  it('serves a changed map at the latest one window after the change', async () => {
    const table = storedMaps([DEFAULT_MAP]);
    const cache = new MapCache(table.source, clock, window);
    await cache.get(DEFAULT_MAP.id);
    const renamed = { ...DEFAULT_MAP, name: 'Renamed', version: DEFAULT_MAP.version + 1 };
    table.maps.set(DEFAULT_MAP.id, renamed);
    now += 3_000;
    expect(await cache.get(DEFAULT_MAP.id)).toEqual(renamed);
    expect(table.reads).toEqual({ load: 2, version: 1 });
  });

  it('never keeps a missing map, so a map created later is found at once', async () => {
    const table = storedMaps([]);
    const cache = new MapCache(table.source, clock, window);
    expect(await cache.get('later')).toBeNull();
    table.maps.set('later', { ...DEFAULT_MAP, id: 'later' });
    expect(await cache.get('later')).toMatchObject({ id: 'later' });
  });

  it('forgets a map that was removed', async () => {
    const table = storedMaps([DEFAULT_MAP]);
    const cache = new MapCache(table.source, clock, window);
    await cache.get(DEFAULT_MAP.id);
    table.maps.delete(DEFAULT_MAP.id);
    now += 3_000;
    expect(await cache.get(DEFAULT_MAP.id)).toBeNull();
  });

  it('lets requests arriving together share one read', async () => {
    const table = storedMaps([DEFAULT_MAP]);
    const cache = new MapCache(table.source, clock, window);
    await Promise.all([cache.get(DEFAULT_MAP.id), cache.get(DEFAULT_MAP.id), cache.get(DEFAULT_MAP.id)]);
    expect(table.reads.load).toBe(1);
  });

  it('keeps at most maxMaps copies, dropping the least recently checked', async () => {
    const maps = ['a', 'b', 'c'].map((id) => ({ ...DEFAULT_MAP, id }));
    const table = storedMaps(maps);
    const cache = new MapCache(table.source, clock, window);
    for (const id of ['a', 'b', 'c']) await cache.get(id);
    await cache.get('c');
    await cache.get('b');
    expect(table.reads.load).toBe(3);
    await cache.get('a');
    expect(table.reads.load).toBe(4);
  });
});
