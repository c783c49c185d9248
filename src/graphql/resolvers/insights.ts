import { requireStage, type LifecycleMap } from '../../domain/map';
import { pageSize } from '../../domain/validation';
import type { InsightsResolvers } from '../generated/types';

const stage = (map: LifecycleMap, key: string) => ({ map, stage: requireStage(map, key, 'stage') });

export const Insights: InsightsResolvers = {
  conversion: ({ map, conversion }) =>
    conversion.map((row) => ({ ...row, stage: stage(map, row.stage), next: stage(map, row.next) })),
  transitions: ({ map, transitions }) =>
    transitions.map((row) => ({ ...row, from: row.from === null ? null : stage(map, row.from), to: stage(map, row.to) })),
  stageDurations: ({ map, stageDurations }) => stageDurations.map((row) => ({ ...row, stage: stage(map, row.stage) })),
  churnReasons: ({ churnReasons }, { first }) => churnReasons.slice(0, pageSize('first', first)),
  campaigns: ({ campaigns }, { first }) => campaigns.slice(0, pageSize('first', first)),
};
