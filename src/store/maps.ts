import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAP_SETTING_DEFAULTS, type LifecycleMap } from '../domain/map';
import { batchGet } from './batchGet';
import { COUNTER_SHARDS, INDEX, MAP_DIRECTORY, MAP_GUARD_SHARDS, mapGuardKey, mapKey, mapVersionKey, stageCounterKey, type TableKey } from './keys';
import { mapFromItem, mapItem } from './items';
import { queryAll } from './queryAll';
import { TransactionRefused, transact, type LabelledWrite } from './transact';

/** How a map write fared: stored, or what stood in its way. */
export type MapWriteOutcome =
  | { status: 'stored' }
  | { status: 'exists' }
  | { status: 'stale'; storedVersion: number | null }
  /** A stage it removes gained or lost customers since its counters were read: count again. */
  | { status: 'stagesMoved' };

/** One counter shard of a stage as read (null: never written, so zero). */
export interface ShardReading {
  key: TableKey;
  stage: string;
  count: number | null;
}

/**
 * Checks that counter shards still hold what was read: any move into or out of their stage changes one in the same
 * transaction, so a map update carrying these checks commits only if nobody entered the stages it removes.
 */
export function unchangedShards(tableName: string, readings: ShardReading[]): LabelledWrite[] {
  return readings.map(({ key, stage, count }) => ({
    label: `stageCounter:${stage}`,
    write: {
      ConditionCheck: {
        TableName: tableName,
        Key: key,
        ...(count === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#count = :count', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':count': count } }),
      },
    },
  }));
}

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

  /** Every map as it stands now, by id (the maps index holds current maps only, not their kept versions). */
  async list(): Promise<LifecycleMap[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: INDEX.maps,
      KeyConditionExpression: 'gsi1pk = :maps',
      ExpressionAttributeValues: { ':maps': MAP_DIRECTORY },
    });
    return items.map(mapFromItem);
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

  /**
   * Stores the map's next version, only if the stored one is still `expectedVersion` and the counter shards
   * `unchanged` still hold what was read.
   */
  update(map: LifecycleMap, expectedVersion: number, unchanged: ShardReading[] = []): Promise<MapWriteOutcome> {
    return this.write(map, expectedVersion, unchanged);
  }

  /** Every counter shard of these stages, read consistently: what a map update removing them checks. */
  async stageShards(mapId: string, stages: string[]): Promise<ShardReading[]> {
    const keys = stages.flatMap((stage) => Array.from({ length: COUNTER_SHARDS }, (_, shard) => ({ stage, key: stageCounterKey(mapId, stage, shard) })));
    const items = await batchGet(this.client, this.tableName, keys.map(({ key }) => key), true);
    const found = new Map(items.map((item) => [`${item['pk'] as string}|${item['sk'] as string}`, item]));
    return keys.map(({ stage, key }) => {
      const count = found.get(`${key.pk}|${key.sk}`)?.['count'];
      return { key, stage, count: typeof count === 'number' ? count : null };
    });
  }

  private async write(map: LifecycleMap, expected: 'new' | number, unchanged: ShardReading[] = []): Promise<MapWriteOutcome> {
    try {
      await transact(this.client, [...mapWrites(this.tableName, map, expected), ...unchangedShards(this.tableName, unchanged)]);
      return { status: 'stored' };
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      if (error.refusals.some((refusal) => refusal.label.startsWith('stageCounter:')) && !error.refusal('map')) return { status: 'stagesMoved' };
      const refusal = error.refusal('map');
      if (expected === 'new' && refusal?.item) return { status: 'exists' };
      const stored = refusal?.item ? mapFromItem(refusal.item).version : null;
      return { status: 'stale', storedVersion: stored };
    }
  }
}
