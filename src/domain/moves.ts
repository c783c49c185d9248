import { entryStage, type LifecycleMap } from './map';
import type { Customer, Instant, Transition } from './records';

/** What a move records besides where the customer came from: its transition's facts. */
export type MoveFacts = Pick<Transition, 'to' | 'at' | 'team' | 'reason' | 'touchpointId' | 'automatic' | 'recordedBy' | 'ruleId'> & {
  transitionId: string;
};

/**
 * The customer after a move and the transition that records it. The move must already have been checked. Leaving
 * the first stage for the first time makes it a customer; the churn reason stays while it stands in the churned stage.
 */
export function applyMove(
  map: LifecycleMap,
  customer: Customer,
  facts: MoveFacts,
): { after: Customer; transition: Transition } {
  const version = customer.version + 1;
  const leavesEntry = customer.stage === entryStage(map).key;
  return {
    after: {
      ...customer,
      stage: facts.to,
      stageEnteredAt: facts.at,
      version,
      customerSince: customer.customerSince ?? (leavesEntry ? facts.at : null),
      churnReason: facts.to === map.churnedStage ? facts.reason : null,
    },
    transition: {
      id: facts.transitionId,
      customerId: customer.id,
      mapId: customer.mapId,
      version,
      from: customer.stage,
      to: facts.to,
      at: facts.at,
      team: facts.team,
      reason: facts.reason,
      touchpointId: facts.touchpointId,
      automatic: facts.automatic,
      recordedBy: facts.recordedBy,
      fromEnteredAt: customer.stageEnteredAt,
      ruleId: facts.ruleId,
      mapVersion: map.version,
    },
  };
}

/** Touchpoint ids begin with the instant they happened (epoch milliseconds, zero-padded) so they sort in time. */
export function touchpointId(occurredAt: Instant, unique: string): string {
  return `tp_${String(Date.parse(occurredAt)).padStart(13, '0')}_${unique}`;
}
