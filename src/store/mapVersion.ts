import { GetCommand, type DynamoDBDocumentClient, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { MAP_SETTING_DEFAULTS } from '../domain/map';
import { mapKey } from './keys';

/**
 * Reads only a map's version: what a reader holding a copy needs to know whether its copy is current. The key is
 * projected too, so a map stored before maps had versions still comes back (as version 1) rather than as nothing.
 */
export function mapVersionParams(tableName: string, mapId: string): GetCommandInput {
  return {
    TableName: tableName,
    Key: mapKey(mapId),
    ProjectionExpression: 'pk, #map.#version',
    ExpressionAttributeNames: { '#map': 'map', '#version': 'version' },
  };
}

/** The stored version of a map, or null when there is no such map. */
export async function readMapVersion(
  client: DynamoDBDocumentClient,
  tableName: string,
  mapId: string,
): Promise<number | null> {
  const { Item: item } = await client.send(new GetCommand(mapVersionParams(tableName, mapId)));
  if (!item) return null;
  const version = (item['map'] as { version?: unknown } | undefined)?.version;
  return typeof version === 'number' ? version : MAP_SETTING_DEFAULTS.version;
}
