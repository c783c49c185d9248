import { requireCanActAs, type Caller } from '../domain/access';
import { badInput, notFound } from '../domain/errors';
import { mergeContributions, stageAt, touchpointContribution, transitionContribution } from '../domain/insights';
import { applyMove, touchpointId } from '../domain/moves';
import { relatedContributions } from '../domain/relatedContributions';
import { relatesToOthers } from '../domain/relatedFacts';
import type { Customer, Touchpoint, Transition } from '../domain/records';
import { mayFireRule, ruleFiredBy } from '../domain/rules';
import { checkResolution, customerAfterTouchpoint } from '../domain/touchpoints';
import {
  LIMITS,
  campaignName,
  occurredAt as validOccurredAt,
  optionalAmount,
  optionalIdempotencyKey,
  optionalScore,
  optionalLine,
  optionalText,
} from '../domain/validation';
import type { Channel, Team, TouchpointKind } from '../domain/vocabulary';
import { idempotent } from './idempotency';
import { readRelatedFacts } from './relatedFacts';
import { requireMap } from './maps';
import { retryWhileStale } from './retry';
import type { Services } from './services';

export interface RecordTouchpointRequest {
  customerId: string;
  team: Team;
  channel: Channel;
  kind: TouchpointKind;
  occurredAt?: string | null;
  score?: number | null;
  note?: string | null;
  revenue?: number | null;
  cost?: number | null;
  /** The id of an open COMPLAINT of the same customer that this touchpoint resolves. */
  resolves?: string | null;
  /** The campaign a CAMPAIGN touchpoint belongs to (required for that kind). */
  campaign?: string | null;
  idempotencyKey?: string | null;
}

/** A transaction holds at most 100 items; the customer, touchpoint, transition, counters and the like take up to 8. */
const MAX_INSIGHT_ITEMS = 90;

export interface RecordTouchpointResult {
  touchpoint: Touchpoint;
  customer: Customer;
  /** The move a rule made because of this touchpoint, if any. */
  transition: Transition | null;
}

/**
 * Appends a touchpoint and applies, in the same transaction, what it changes: the customer's latest score, last
 * thanks and lifetime revenue, a rule's move, a resolved complaint, the insight counters of its day. Only what
 * depends on the customer's stage (a rule that may fire, thanks, cost dated ahead of the clock) locks the
 * customer's version, so a burst of other touchpoints on one customer does not contend.
 */
export async function recordTouchpoint(
  services: Services,
  caller: Caller,
  request: RecordTouchpointRequest,
): Promise<RecordTouchpointResult> {
  requireCanActAs(caller, request.team);
  const score = optionalScore('input.score', request.score);
  const note = optionalText('input.note', request.note, LIMITS.note);
  const revenue = optionalAmount('input.revenue', request.revenue);
  const cost = optionalAmount('input.cost', request.cost);
  const happened = validOccurredAt('input.occurredAt', request.occurredAt, services.clock());
  const key = optionalIdempotencyKey('input.idempotencyKey', request.idempotencyKey);
  const resolves = optionalLine('input.resolves', request.resolves, LIMITS.externalId);
  const campaign = campaignName('input.campaign', request.kind, request.campaign);
  const { idempotencyKey: _, ...content } = request;

  return idempotent(services, `recordTouchpoint#${caller.sub}`, key, content, (keep) => {
    const unique = services.newId();
    return retryWhileStale(async () => {
      const customer = await services.store.getCustomer(request.customerId, true);
      if (!customer) throw notFound('The customer', 'input.customerId');
      const map = await requireMap((id) => services.store.getMap(id), customer.mapId, 'input.customerId');
      const now = services.clock();
      const touchpoint: Touchpoint = {
        id: touchpointId(happened, unique),
        customerId: customer.id,
        mapId: customer.mapId,
        team: request.team,
        channel: request.channel,
        kind: request.kind,
        occurredAt: happened,
        recordedAt: now.toISOString(),
        score,
        note,
        revenue,
        cost,
        recordedBy: caller.sub,
        resolvedAt: null,
        resolvedById: null,
        resolvesId: resolves,
        campaign,
      };
      const complaint =
        resolves === null
          ? null
          : checkResolution(await services.store.getTouchpoint(customer.id, resolves), customer.id, touchpoint);
      let after = customerAfterTouchpoint(customer, touchpoint);
      let transition: Transition | null = null;
      const rule = ruleFiredBy(map, customer, touchpoint);
      if (rule) {
        const move = applyMove(map, after, {
          transitionId: `trn_${services.newId()}`,
          to: rule.toStage,
          at: now.toISOString(),
          team: request.team,
          reason: rule.reason,
          touchpointId: touchpoint.id,
          automatic: true,
          recordedBy: caller.sub,
        });
        after = move.after;
        transition = move.transition;
      }
      // Cost counts as acquisition or retention by the stage the customer stood in when the touchpoint happened.
      const backdated = touchpoint.occurredAt < customer.stageEnteredAt;
      const journey = backdated && touchpoint.cost ? await services.store.journey(customer.id) : null;
      const related = relatesToOthers(touchpoint);
      const facts = related ? await readRelatedFacts(services.store, map, touchpoint, journey) : null;
      const insights = mergeContributions([
        touchpointContribution(map, stageAt(map, customer, journey, touchpoint.occurredAt), touchpoint),
        transition && transitionContribution(map, customer, transition),
        ...(facts ? relatedContributions(map, touchpoint, facts) : []),
      ]);
      if (insights.length > MAX_INSIGHT_ITEMS) {
        throw badInput('input.occurredAt', 'The touchpoint is dated so far back that it would change too many days of figures at once');
      }
      // A touchpoint dated a little ahead of the clock could see a move land before it happened: guard against it.
      const aheadOfClock = touchpoint.occurredAt > touchpoint.recordedAt && (touchpoint.cost !== null || related);
      const result = { touchpoint, customer: after, transition };
      await services.store.commitChange({
        map,
        before: customer,
        after,
        guardVersion: mayFireRule(map, touchpoint) || aheadOfClock,
        guardFacts: related,
        transition,
        touchpoint,
        revenueAdded: touchpoint.revenue ?? 0,
        insights,
        resolves: complaint && { complaintId: complaint.id, resolvedAt: touchpoint.occurredAt, resolvedById: touchpoint.id },
        idempotency: keep(result, now),
        now,
      });
      return result;
    });
  });
}
