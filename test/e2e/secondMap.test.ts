import { seedB2bDemoData } from '../../scripts/lib/b2bDemoData';
import { startApi, type TestApi } from '../support/api';

// One seeding for the file: every query here reads and nothing writes but the last test, which runs last.
let api: TestApi;
let ids: string[];
beforeAll(async () => {
  api = await startApi();
  const today = api.table.clock.now();
  ids = await seedB2bDemoData(api.table.services, (at) => api.table.clock.set(at.toISOString()), today);
  api.table.clock.set(today.toISOString());
  await api.table.project();
});

const names = (connection: { edges: { node: { externalId: string } }[] }) => connection.edges.map((edge) => edge.node.externalId);
const Q = async (query: string, variables: Record<string, unknown> = {}) => {
  const response = await api.graphql(query, variables, { role: 'viewer' });
  expect(response.json.errors).toBeUndefined();
  return response.json.data;
};

describe('the second demo map (B2B, with a TRIAL stage)', () => {
  it('has its own stages, counts and customers, apart from the default map', async () => {
    const data = await Q(`{ b2b: lifecycleMap(id: "b2b") { name version stages { key customerCount } }
      default: lifecycleMap { stages { customerCount } }
      all: customers(mapId: "b2b", first: 100) { totalCount edges { node { externalId } } }
      trial: customers(mapId: "b2b", stage: "TRIAL") { totalCount edges { node { externalId } } }
      none: customers { totalCount } }`);
    expect(data.b2b).toEqual({
      name: 'B2B with trial',
      version: 1,
      stages: ['LEAD', 'TRIAL', 'CUSTOMER', 'EXPANSION', 'AT_RISK', 'CHURNED'].map((key) => ({ key, customerCount: 2 })),
    });
    expect(data.default.stages.every((stage: { customerCount: number }) => stage.customerCount === 0)).toBe(true);
    expect(data.all.totalCount).toBe(12);
    expect(names(data.all).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `b2b-${String(i + 1).padStart(3, '0')}`));
    expect(data.trial).toMatchObject({ totalCount: 2 });
    expect(names(data.trial)).toEqual(['b2b-002', 'b2b-008']);
    expect(data.none.totalCount).toBe(0);
  });

  it('answers every work list of the map, and none of the default map', async () => {
    const data = await Q(`{
      atRisk: atRiskCustomers(mapId: "b2b") { totalCount edges { node { externalId latestScore band { key } } } }
      stale: staleCustomers(mapId: "b2b", stage: "TRIAL") { totalCount edges { node { externalId } } }
      complaints: openComplaints(mapId: "b2b") { totalCount edges { node { customer { externalId } } } }
      unthanked: unthankedCustomers(mapId: "b2b") { totalCount edges { node { externalId } } }
      winBack: winBackCandidates(mapId: "b2b") { totalCount edges { node { externalId lifetimeRevenue churnReason } } }
      defaultAtRisk: atRiskCustomers { totalCount }
      defaultComplaints: openComplaints { totalCount } }`);
    expect(data.atRisk.totalCount).toBe(2);
    expect(data.atRisk.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { externalId: 'b2b-005', latestScore: 5, band: { key: 'LOW' } },
      { externalId: 'b2b-011', latestScore: 5, band: { key: 'LOW' } },
    ]);
    expect([data.stale.totalCount, names(data.stale)]).toEqual([2, ['b2b-002', 'b2b-008']]);
    expect(data.complaints.totalCount).toBe(2);
    expect(data.complaints.edges.map((e: { node: { customer: { externalId: string } } }) => e.node.customer.externalId)).toEqual(['b2b-005', 'b2b-011']);
    expect([data.unthanked.totalCount, names(data.unthanked)]).toEqual([2, ['b2b-004', 'b2b-010']]);
    expect(data.winBack.totalCount).toBe(2);
    expect(data.winBack.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { externalId: 'b2b-012', lifetimeRevenue: 3500, churnReason: 'Trial never took off' },
      { externalId: 'b2b-006', lifetimeRevenue: 2900, churnReason: 'Chose a cheaper tool' },
    ]);
    expect([data.defaultAtRisk.totalCount, data.defaultComplaints.totalCount]).toEqual([0, 0]);
  });

  it('counts its insights by its own stages and bands', async () => {
    const data = await Q(`{ insights(mapId: "b2b") {
      conversion { stage { key } next { key } entered movedOn }
      churnReasons { reason count }
      revenueByBand { band { key } revenue }
      spend { acquisition revenue }
      campaigns { campaign prospectsReached } } }`);
    const { conversion, churnReasons, revenueByBand, spend, campaigns } = data.insights;
    expect(conversion).toEqual([
      { stage: { key: 'LEAD' }, next: { key: 'TRIAL' }, entered: 12, movedOn: 10 },
      { stage: { key: 'TRIAL' }, next: { key: 'CUSTOMER' }, entered: 10, movedOn: 8 },
      { stage: { key: 'CUSTOMER' }, next: { key: 'EXPANSION' }, entered: 8, movedOn: 2 },
    ]);
    expect(churnReasons.map((r: { reason: string; count: number }) => [r.reason, r.count]).sort()).toEqual([
      ['Chose a cheaper tool', 1],
      ['Trial never took off', 1],
    ]);
    expect(revenueByBand.map((row: { band: { key: string } | null }) => row.band?.key ?? null)).toEqual(['LOW', 'OK', 'HIGH', null]);
    expect(spend.acquisition).toBeGreaterThan(0);
    expect(spend.revenue).toBe(8 * 2400 + (2 + 3 + 4 + 5 + 8 + 9 + 10 + 11) * 100 + 2 * 4000);
    expect(campaigns.map((c: { campaign: string; prospectsReached: number }) => [c.campaign, c.prospectsReached]).sort()).toEqual([
      ['Free trial ads', 6],
      ['Trade fair', 6],
    ]);
  });

  it('finds its customers by external id within the map, and takes touchpoints by external id there', async () => {
    const data = await Q(`{ inMap: customerByExternalId(mapId: "b2b", externalId: "b2b-001") { id stage { key } map { id } }
      elsewhere: customerByExternalId(externalId: "b2b-001") { id } }`);
    expect(data.inMap).toEqual({ id: ids[0], stage: { key: 'LEAD' }, map: { id: 'b2b' } });
    expect(data.elsewhere).toBeNull();
    const response = await api.graphql(
      `mutation($input: RecordTouchpointsInput!) { recordTouchpoints(input: $input) { recorded results { transition { to { key } rule { id } mapVersion } } } }`,
      { input: { mapId: 'b2b', items: [{ externalId: 'b2b-001', team: 'TRAINING', channel: 'WEB', kind: 'ONBOARDING' }] } },
    );
    expect(response.json.data.recordTouchpoints.results[0].transition).toEqual({ to: { key: 'TRIAL' }, rule: { id: 'trial-started' }, mapVersion: 1 });
  });
});
