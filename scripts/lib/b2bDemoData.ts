import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { createLifecycleMap } from '../../src/app/editMaps';
import { recordTouchpoint, type RecordTouchpointRequest } from '../../src/app/recordTouchpoints';
import type { Services } from '../../src/app/services';
import type { Caller } from '../../src/domain/access';
import type { Team } from '../../src/domain/vocabulary';
import { B2B_MAP_ID, B2B_MAP_INPUT } from './b2bMap';
import { historyClock, startOfDay } from './seeding';

const DAY = 86_400_000;
const SEEDER: Caller = { sub: 'demo-seed', roles: ['admin'] };
export const B2B_DEMO_CUSTOMERS = 12;

/** Where each B2B demo customer ends, by its number modulo 6. */
const FATES = ['lead', 'trial', 'customer', 'expansion', 'at-risk', 'churned'] as const;
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'];
const CAMPAIGNS = ['Trade fair', 'Free trial ads'];
const CHURN_REASONS = ['Chose a cheaper tool', 'Trial never took off'];

/**
 * The second demo map, created through createLifecycleMap as an admin would, and a dozen companies on it
 * (`b2b-001` to `b2b-012`): two in each stage, written through the use cases under a clock walking through the 80
 * days before the start of `today`'s UTC day, so every list and figure taking a mapId has something to show.
 * Answers the customers' ids.
 */
export async function seedB2bDemoData(services: Services, setClock: (at: Date) => void, today: Date): Promise<string[]> {
  const midnight = startOfDay(today);
  setClock(new Date(midnight - 90 * DAY));
  await createLifecycleMap(services, SEEDER, structuredClone(B2B_MAP_INPUT));
  const ids: string[] = [];
  for (let i = 0; i < B2B_DEMO_CUSTOMERS; i++) {
    const fate = FATES[i % FATES.length] as (typeof FATES)[number];
    const { at, next } = historyClock(setClock, midnight, 80 - i * 3);
    const name = `${COMPANIES[i % COMPANIES.length]} ${i < COMPANIES.length ? 'Ltd' : 'Group'}`;
    const { customer } = await createCustomer(services, SEEDER, {
      externalId: `b2b-${String(i + 1).padStart(3, '0')}`,
      name,
      email: `buyer@${name.toLowerCase().replace(' ', '-')}.example.com`,
      mapId: B2B_MAP_ID,
    });
    ids.push(customer.id);
    const touch = (team: Team, request: Omit<RecordTouchpointRequest, 'customerId' | 'team'>) => {
      next();
      return recordTouchpoint(services, SEEDER, { customerId: customer.id, team, ...request });
    };
    const move = (toStage: string, team: Team, reason: string) => {
      next();
      return advanceCustomer(services, SEEDER, { customerId: customer.id, toStage, team, reason });
    };

    await touch('MARKETING', { kind: 'CAMPAIGN', channel: 'IN_PERSON', cost: 150, campaign: CAMPAIGNS[i % CAMPAIGNS.length] as string });
    if (fate === 'lead') continue;
    at(2);
    await touch('TRAINING', { kind: 'ONBOARDING', channel: 'WEB', cost: 60, note: 'Trial workspace set up' }); // rule: TRIAL
    if (fate === 'trial') continue;
    at(12);
    await touch('MARKETING', { kind: 'PURCHASE', channel: 'WEB', revenue: 2400 + i * 100 }); // rule: CUSTOMER
    at(5);
    await touch('OPERATIONS', { kind: 'SERVICE_DELIVERY', channel: 'CHAT', cost: 30 });
    at(1);
    await touch('OPERATIONS', { kind: 'FEEDBACK', channel: 'EMAIL', score: fate === 'at-risk' ? 5 : 8 }); // LOW: AT_RISK
    if (fate === 'at-risk') {
      await touch('OPERATIONS', { kind: 'COMPLAINT', channel: 'PHONE', note: 'Single sign-on keeps failing' });
      continue;
    }
    if (fate === 'churned') {
      at(10);
      await move('CHURNED', 'OPERATIONS', CHURN_REASONS[Math.floor(i / FATES.length) % CHURN_REASONS.length] as string);
      continue;
    }
    if (fate === 'expansion') {
      at(6);
      await touch('MARKETING', { kind: 'RENEWAL', channel: 'WEB', revenue: 4000, note: 'Fifty more seats' });
      await move('EXPANSION', 'OPERATIONS', 'Bought more seats');
    }
  }
  return ids;
}
