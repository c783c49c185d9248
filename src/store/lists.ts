import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { INDEX, notThankedSince, openComplaintsPartition, stagePartition, thankedStagesPartition } from './keys';

/** A list read from one index partition, optionally bounded above or by a sort-key prefix. */
export interface IndexList {
  index: string | null;
  pk: [name: string, value: string];
  sk: [name: string, unused: null];
  below?: string;
  prefix?: string;
  descending?: boolean;
}

export function staleList(mapId: string, stage: string, enteredBefore: string): IndexList {
  // gsi1sk is "<enteredAt>#<id>": everything below "<cutoff>#" entered strictly before the cutoff.
  return { index: INDEX.customersByStage, pk: ['gsi1pk', stagePartition(mapId, stage)], sk: ['gsi1sk', null], below: `${enteredBefore}#` };
}

export function unthankedList(mapId: string, cutoff: string): IndexList {
  return { index: INDEX.thankedStages, pk: ['gsi4pk', thankedStagesPartition(mapId)], sk: ['gsi4sk', null], below: notThankedSince(cutoff) };
}

export function openComplaintList(mapId: string): IndexList {
  return { index: INDEX.openComplaints, pk: ['gsi3pk', openComplaintsPartition(mapId)], sk: ['gsi3sk', null] };
}

export function listQuery(list: IndexList): Omit<QueryCommandInput, 'TableName'> {
  const sortCondition =
    list.below !== undefined ? ' AND #sk < :bound' : list.prefix !== undefined ? ' AND begins_with(#sk, :bound)' : '';
  return {
    ...(list.index === null ? {} : { IndexName: list.index }),
    KeyConditionExpression: `#pk = :pk${sortCondition}`,
    ExpressionAttributeNames: { '#pk': list.pk[0], ...(sortCondition ? { '#sk': list.sk[0] } : {}) },
    ExpressionAttributeValues: { ':pk': list.pk[1], ...(sortCondition ? { ':bound': list.below ?? list.prefix } : {}) },
    ScanIndexForward: !list.descending,
  };
}
