import type { LifecycleMap } from '../../domain/map';
import { pageSize } from '../../domain/validation';
import type { GraphQLContext } from '../context';
import type { InsightsResolvers } from '../generated/types';
import { earlierVersions, stageIn } from '../stages';

// Counted transitions may name a stage a later version removed: it reads as the version that still had it.
const stage = (map: LifecycleMap, key: string, context: GraphQLContext) => stageIn(map.id, key, earlierVersions(map), context);

export const Insights: InsightsResolvers = {
  conversion: ({ map, conversion }, _, context) =>
    Promise.all(conversion.map(async (row) => ({ ...row, stage: await stage(map, row.stage, context), next: await stage(map, row.next, context) }))),
  transitions: ({ map, transitions }, _, context) =>
    Promise.all(
      transitions.map(async (row) => ({
        ...row,
        from: row.from === null ? null : await stage(map, row.from, context),
        to: await stage(map, row.to, context),
      })),
    ),
  stageDurations: ({ map, stageDurations }, _, context) =>
    Promise.all(stageDurations.map(async (row) => ({ ...row, stage: await stage(map, row.stage, context) }))),
  churnReasons: ({ churnReasons }, { first }) => churnReasons.slice(0, pageSize('first', first)),
  campaigns: ({ campaigns }, { first }) => campaigns.slice(0, pageSize('first', first)),
};
