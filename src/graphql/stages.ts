import { findStage, requireStage, type LifecycleMap } from '../domain/map';
import type { GraphQLContext } from './context';

/** The map a record belongs to; a record always points at a stored map, so a missing one is a server fault. */
export async function mapOf(mapId: string, { loaders }: GraphQLContext): Promise<LifecycleMap> {
  const map = await loaders.map.load(mapId);
  if (!map) throw new Error(`Map ${mapId} is missing`);
  return map;
}

/**
 * A stage as the current map has it or, for a stage an update removed, as the first of `versions` that had it: a
 * journey and the figures stay whole after their stages are gone, and a customer still waiting to be migrated reads
 * where it stands. Each version is read once per request, only when the current map lacks the stage.
 */
export async function stageIn(mapId: string, key: string, versions: number[], context: GraphQLContext) {
  const current = await mapOf(mapId, context);
  if (findStage(current, key)) return { map: current, stage: requireStage(current, key, 'stage') };
  for (const version of versions.filter((v) => v >= 1 && v !== current.version)) {
    const map = await context.loaders.mapVersion.load({ mapId, version });
    const stage = map && findStage(map, key);
    if (map && stage) return { map, stage };
  }
  return { map: current, stage: requireStage(current, key, 'stage') };
}

/** The versions before the current one, newest first: where a removed stage is looked for. */
export const earlierVersions = (map: LifecycleMap): number[] => Array.from({ length: map.version - 1 }, (_, i) => map.version - 1 - i);
