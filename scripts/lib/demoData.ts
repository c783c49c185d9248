import type { Caller } from '../../src/domain/access';
import { DEFAULT_MAP_ID } from '../../src/domain/defaultMap';
import type { Team } from '../../src/domain/vocabulary';
import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { recordTouchpoint, type RecordTouchpointRequest } from '../../src/app/recordTouchpoints';
import type { Services } from '../../src/app/services';
import { historyClock, startOfDay } from './seeding';

const SEEDER: Caller = { sub: 'demo-seed', roles: ['admin'] };

const FIRST = ['Ada', 'Bo', 'Chen', 'Dara', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kemi', 'Lars'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau'];
const CHURN_REASONS = ['Support never answered', 'Moved to a competitor', 'support never answered ', 'Too expensive'];
const CAMPAIGNS = ['Spring sale', 'Webinar series', 'Referral drive'];

/** Where each demo customer ends: how far along the path it goes, and whether it falls off. */
type Fate = 'prospect' | 'onboarding' | 'active' | 'loyal' | 'advocate' | 'at-risk' | 'churned';
const FATES: Fate[] = ['prospect', 'onboarding', 'active', 'loyal', 'advocate', 'at-risk', 'churned', 'active', 'loyal'];

/**
 * A small, fixed history for a newcomer (and a consumer's tests) to look at: three dozen customers spread over every
 * stage, with campaigns, purchases, onboarding, service deliveries, scores, complaints, thanks and churn reasons.
 * It is written through the use cases, as a client would, under a clock that walks forward through the 120 days
 * before the start of `today`'s UTC day, one minute between a customer's events on the same day: so every start
 * (with the same ids) gives the same histories and figures, whatever the hour. Answers the customers' ids.
 */
export async function seedDemoData(services: Services, setClock: (at: Date) => void, today: Date): Promise<string[]> {
  const ids: string[] = [];
  const midnight = startOfDay(today);
  for (let i = 0; i < 36; i++) {
    const fate = FATES[i % FATES.length] as Fate;
    // Events of one day a minute apart: their order (and so each revenue's band) never rests on id order.
    const { at, next } = historyClock(setClock, midnight, 120 - i * 2);
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const { customer } = await createCustomer(services, SEEDER, {
      externalId: `demo-${String(i + 1).padStart(3, '0')}`,
      name,
      email: `${name.toLowerCase().replace(' ', '.')}@example.com`,
      mapId: DEFAULT_MAP_ID,
    });
    ids.push(customer.id);
    const touch = (team: Team, request: Omit<RecordTouchpointRequest, 'customerId' | 'team'>) => {
      next();
      return recordTouchpoint(services, SEEDER, { customerId: customer.id, team, ...request });
    };
    const move = (toStage: string, team: Team, reason: string | null = null) => {
      next();
      return advanceCustomer(services, SEEDER, { customerId: customer.id, toStage, team, reason });
    };

    await touch('MARKETING', { kind: 'CAMPAIGN', channel: 'EMAIL', cost: 12, campaign: CAMPAIGNS[i % CAMPAIGNS.length] as string });
    if (fate === 'prospect') continue;
    at(3);
    await touch('MARKETING', { kind: 'PURCHASE', channel: 'WEB', revenue: 400 + i * 10 });
    at(2);
    await touch('TRAINING', { kind: 'ONBOARDING', channel: 'IN_PERSON', cost: 80 });
    if (fate === 'onboarding') continue;
    at(10);
    await move('ACTIVE', 'TRAINING', 'Onboarding complete');
    at(5);
    await touch('OPERATIONS', { kind: 'SERVICE_DELIVERY', channel: 'IN_PERSON', cost: 40 });
    at(1);
    await touch('OPERATIONS', { kind: 'FEEDBACK', channel: 'EMAIL', score: fate === 'at-risk' || fate === 'churned' ? 4 : 8 });
    if (fate === 'at-risk') {
      at(1);
      await touch('OPERATIONS', { kind: 'COMPLAINT', channel: 'PHONE', note: 'Delivery was late twice' });
      await touch('MARKETING', { kind: 'PURCHASE', channel: 'WEB', revenue: 60, note: 'Small add-on' });
      continue;
    }
    if (fate === 'churned') {
      at(6);
      await move('CHURNED', 'OPERATIONS', CHURN_REASONS[i % CHURN_REASONS.length] as string);
      continue;
    }
    if (fate === 'active') {
      if (i % 2 === 1) {
        at(2);
        const { touchpoint } = await touch('OPERATIONS', { kind: 'COMPLAINT', channel: 'CHAT', note: 'Invoice was wrong' });
        at(3);
        await touch('OPERATIONS', { kind: 'SUPPORT_REQUEST', channel: 'PHONE', note: 'Corrected the invoice', resolves: touchpoint.id });
      }
      continue;
    }
    at(20);
    // A delivery nobody asked feedback for: coverage below 100% is what operations should see.
    await touch('OPERATIONS', { kind: 'SERVICE_DELIVERY', channel: 'PHONE', cost: 25 });
    await touch('MARKETING', { kind: 'RENEWAL', channel: 'WEB', revenue: 900 });
    await move('LOYAL', 'OPERATIONS', 'Renewed');
    if (i % 2 === 0) {
      at(2);
      await touch('MARKETING', { kind: 'GRATITUDE', channel: 'EMAIL', cost: 5, note: 'Thank-you card' });
    }
    if (fate === 'loyal') continue;
    at(4);
    await touch('OPERATIONS', { kind: 'FEEDBACK', channel: 'CHAT', score: 10 });
    await touch('MARKETING', { kind: 'REFERRAL', channel: 'SOCIAL', note: 'Brought a colleague' });
    await touch('MARKETING', { kind: 'RENEWAL', channel: 'WEB', revenue: 1500, note: 'Upgraded plan' });
    await move('ADVOCATE', 'MARKETING', 'Promoter who refers others');
  }
  return ids;
}
