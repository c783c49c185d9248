import { DomainError } from './errors';
import type { LifecycleMap } from './map';
import { applyMove, touchpointId } from './moves';
import type { Customer, Instant, LatestScore, Touchpoint, Transition } from './records';
import { ruleFiredBy } from './rules';
import { checkResolution, customerAfterTouchpoint, latestScoreAfter } from './touchpoints';
import type { Channel, Team, TouchpointKind } from './vocabulary';

/** One touchpoint to record, validated: what the client sent, in the domain's types. */
export interface TouchpointDraft {
  /** Its place in the request (0 for a single touchpoint): results and errors name it. */
  index: number;
  team: Team;
  channel: Channel;
  kind: TouchpointKind;
  occurredAt: Instant;
  score: number | null;
  note: string | null;
  revenue: number | null;
  cost: number | null;
  resolves: string | null;
  campaign: string | null;
  /** The field path its errors name: `input` for recordTouchpoint, `input.items[3]` in a batch. */
  field: string;
}

/** What planning a customer's touchpoints reads first. */
export interface CustomerState {
  map: LifecycleMap;
  customer: Customer;
  /** The latest score, when a draft could fire a score rule (otherwise it does not matter and is not read). */
  latestScore: LatestScore | null;
  /** The complaints the drafts resolve, as stored (null: no such touchpoint). */
  complaints: ReadonlyMap<string, Touchpoint | null>;
}

export interface PlannedTouchpoint {
  index: number;
  touchpoint: Touchpoint;
  /** The move a rule made because of it. */
  transition: Transition | null;
  /** The customer as it stands once this touchpoint (and those before it in the request) are recorded. */
  customer: Customer;
}

export interface Resolution {
  complaintId: string;
  resolvedAt: Instant;
  resolvedById: string;
}

/** Everything one customer's touchpoints change, to be written in one transaction. */
export interface TouchpointPlan {
  before: Customer;
  after: Customer;
  recorded: PlannedTouchpoint[];
  refused: { index: number; error: DomainError }[];
  resolutions: Resolution[];
}

export interface PlanContext {
  now: Date;
  recordedBy: string;
  /** A new unique fragment for a touchpoint's or a transition's id. */
  newId: () => string;
}

/**
 * Plans a customer's touchpoints in the order given: each is checked, and fires the map's rules, against the
 * customer as the ones before it left it. A draft refused (a complaint that is not open, say) is refused alone;
 * the others go on. Pure: the caller reads the state, then writes the plan all or nothing.
 */
export function planTouchpoints(state: CustomerState, drafts: TouchpointDraft[], context: PlanContext): TouchpointPlan {
  const { map } = state;
  const at = context.now.toISOString();
  let customer = state.customer;
  let latest = state.latestScore;
  const resolved = new Set<string>();
  const plan: TouchpointPlan = { before: state.customer, after: customer, recorded: [], refused: [], resolutions: [] };

  for (const draft of drafts) {
    const touchpoint: Touchpoint = {
      id: touchpointId(draft.occurredAt, context.newId()),
      customerId: customer.id,
      mapId: customer.mapId,
      team: draft.team,
      channel: draft.channel,
      kind: draft.kind,
      occurredAt: draft.occurredAt,
      recordedAt: at,
      score: draft.score,
      note: draft.note,
      revenue: draft.revenue,
      cost: draft.cost,
      recordedBy: context.recordedBy,
      resolvedAt: null,
      resolvedById: null,
      resolvesId: draft.resolves,
      campaign: draft.campaign,
    };
    try {
      if (draft.resolves !== null) {
        const complaint = state.complaints.get(draft.resolves) ?? null;
        const open = complaint && resolved.has(complaint.id) ? { ...complaint, resolvedAt: at } : complaint;
        checkResolution(open, customer.id, touchpoint, draft.field);
        plan.resolutions.push({ complaintId: draft.resolves, resolvedAt: touchpoint.occurredAt, resolvedById: touchpoint.id });
        resolved.add(draft.resolves);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      plan.refused.push({ index: draft.index, error });
      continue;
    }
    let after = customerAfterTouchpoint(customer, touchpoint);
    let transition: Transition | null = null;
    const rule = ruleFiredBy(map, customer, latest, touchpoint);
    if (rule) {
      const move = applyMove(map, after, {
        transitionId: `trn_${context.newId()}`,
        to: rule.toStage,
        at,
        team: draft.team,
        reason: rule.reason,
        touchpointId: touchpoint.id,
        automatic: true,
        ruleId: rule.id,
        recordedBy: context.recordedBy,
      });
      after = move.after;
      transition = move.transition;
    }
    latest = latestScoreAfter(latest, touchpoint);
    customer = after;
    plan.recorded.push({ index: draft.index, touchpoint, transition, customer });
  }
  plan.after = customer;
  return plan;
}
