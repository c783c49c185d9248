import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAP_SETTING_DEFAULTS, type LifecycleMap } from '../domain/map';
import { MAP_GUARD_SHARDS, mapGuardKey, mapKey, mapVersionKey } from './keys';
import { mapFromItem, mapItem } from './items';
import { TransactionRefused, transact, type LabelledWrite } from './transact';

/** How a map write fared: stored, or what stood in its way. */
export type MapWriteOutcome = { status: 'stored' } | { status: 'exists' } | { status: 'stale'; storedVersion: number | null };

/**
 * The writes that store a map at its version: the current item (only if `expected` holds), the version kept
 * immutably beside it, and the version copied onto every guard item that writes check.
 */
export function mapWrites(tableName: string, map: LifecycleMap, expected: 'new' | number | 'any'): LabelledWrite[] {
  const condition =
    expected === 'any'
      ? {}
      : expected === 'new'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            // A map stored before maps had versions is at version 1.
            ConditionExpression:
              expected === MAP_SETTING_DEFAULTS.version
                ? 'attribute_exists(pk) AND (attribute_not_exists(#map.#version) OR #map.#version = :expected)'
                : 'attribute_exists(pk) AND #map.#version = :expected',
            ExpressionAttributeNames: { '#map': 'map', '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expected },
          };
  return [
    {
      label: 'map',
      write: {
        Put: {
          TableName: tableName,
          Item: mapItem(map),
          ...condition,
          ...(expected === 'any' ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
        },
      },
    },
    {
      label: 'mapVersion',
      write: {
        Put: {
          TableName: tableName,
          Item: { ...mapVersionKey(map.id, map.version), type: 'MapVersion', map },
          ...(expected === 'any' ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    },
    ...Array.from({ length: MAP_GUARD_SHARDS }, (_, shard) => ({
      label: `mapGuard:${shard}`,
      write: { Put: { TableName: tableName, Item: { ...mapGuardKey(map.id, shard), type: 'MapGuard', version: map.version } } },
    })),
  ];
}

/** Maps and their versions: the current map is what requests read, the versions are what journeys were checked on. */
export class MapStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The current map; consistently for a write that checks against it. */
  async get(mapId: string, consistent = false): Promise<LifecycleMap | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: mapKey(mapId), ConsistentRead: consistent }),
    );
    return item ? mapFromItem(item) : null;
  }

  /** A map as it was at a version; a map stored before versions were kept answers its one version from itself. */
  async getVersion(mapId: string, version: number): Promise<LifecycleMap | null> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: mapVersionKey(mapId, version) }));
    if (item) return mapFromItem(item);
    const current = await this.get(mapId);
    return current?.version === version ? current : null;
  }

  /** Writes a map as it is, whatever was stored (seeding and resets). */
  async put(map: LifecycleMap): Promise<void> {
    await transact(this.client, mapWrites(this.tableName, map, 'any'));
  }

  /** Stores a new map at version 1, unless a map has its id. */
  create(map: LifecycleMap): Promise<MapWriteOutcome> {
    return this.write(map, 'new');
  }

  /** Stores the map's next version, only if the stored one is still `expectedVersion`. */
  update(map: LifecycleMap, expectedVersion: number): Promise<MapWriteOutcome> {
    return this.write(map, expectedVersion);
  }

  private async write(map: LifecycleMap, expected: 'new' | number): Promise<MapWriteOutcome> {
    try {
      await transact(this.client, mapWrites(this.tableName, map, expected));
      return { status: 'stored' };
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      const refusal = error.refusal('map');
      if (expected === 'new' && refusal?.item) return { status: 'exists' };
      const stored = refusal?.item ? mapFromItem(refusal.item).version : null;
      return { status: 'stale', storedVersion: stored };
    }
  }
}
