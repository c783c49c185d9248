import type { LifecycleMap } from '../domain/map';

/** How the cache reaches the stored maps: the whole map, or only its version (null: no such map). */
export interface MapSource {
  load: (mapId: string) => Promise<LifecycleMap | null>;
  version: (mapId: string) => Promise<number | null>;
}

export interface MapCacheOptions {
  /** How long a copy is served without asking the table for the map's version. */
  revalidateAfterMs: number;
  /** Copies kept at most; the least recently checked one goes first. */
  maxMaps: number;
}

/**
 * A container stays read-through for this long: a map changed through the API is seen by every container at the
 * latest this many milliseconds later. One version read per map per window is the whole price.
 */
export const MAP_CACHE_DEFAULTS: MapCacheOptions = { revalidateAfterMs: 3_000, maxMaps: 100 };

interface Copy {
  map: LifecycleMap;
  checkedAt: number;
}

/**
 * Maps kept per container for the read path (queries), so a warm query spends no request on its map. A copy older
 * than the window is revalidated by version before it is served again: unchanged, it is kept; changed or gone, it
 * is read anew. Writes never use it: a move is checked against the map it commits against, read consistently.
 */
export class MapCache {
  private readonly copies = new Map<string, Copy>();
  private readonly pending = new Map<string, Promise<LifecycleMap | null>>();

  constructor(
    private readonly source: MapSource,
    private readonly now: () => number,
    private readonly options: MapCacheOptions = MAP_CACHE_DEFAULTS,
  ) {}

  /** The map, from this container's copy while it is fresh; null when there is no such map (never cached). */
  get(mapId: string): Promise<LifecycleMap | null> {
    const copy = this.copies.get(mapId);
    if (copy && this.now() - copy.checkedAt < this.options.revalidateAfterMs) return Promise.resolve(copy.map);
    // Requests arriving together while a copy is checked or read share that one request.
    let pending = this.pending.get(mapId);
    if (!pending) {
      pending = this.refresh(mapId, copy).finally(() => this.pending.delete(mapId));
      this.pending.set(mapId, pending);
    }
    return pending;
  }

  /** A map this container just stored: served from now on without asking the table. */
  remember(map: LifecycleMap): void {
    this.keep(map.id, { map, checkedAt: this.now() });
  }

  private async refresh(mapId: string, copy: Copy | undefined): Promise<LifecycleMap | null> {
    const checkedAt = this.now();
    if (copy && (await this.source.version(mapId)) === copy.map.version) {
      this.keep(mapId, { map: copy.map, checkedAt });
      return copy.map;
    }
    const map = await this.source.load(mapId);
    if (map) this.keep(mapId, { map, checkedAt });
    else this.copies.delete(mapId);
    return map;
  }

  private keep(mapId: string, copy: Copy): void {
    // Re-inserting moves the map to the end, so the first key is always the least recently checked.
    this.copies.delete(mapId);
    this.copies.set(mapId, copy);
    if (this.copies.size > this.options.maxMaps) this.copies.delete(this.copies.keys().next().value as string);
  }
}
