import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
  const created = await api.graphql(`mutation { createCustomer(input: { externalId: "i-1", name: "Ina" }) { customer { id } } }`);
  const id = created.json.data.createCustomer.customer.id;
  api.table.clock.advanceDays(1);
  await api.graphql(
    `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: MARKETING, channel: EMAIL, kind: CAMPAIGN, campaign: "Spring sale" }) { touchpoint { campaign } } }`,
    { id },
  );
  api.table.clock.advanceDays(1);
  await api.graphql(
    `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: MARKETING, channel: WEB, kind: PURCHASE, revenue: 99.99, cost: 0.01 }) { touchpoint { id } } }`,
    { id },
  );
  api.table.clock.advanceDays(1);
  await api.graphql(`mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "CHURNED", team: OPERATIONS, reason: "Moved away" }) { customer { id } } }`, { id });
});

const QUERY = `query($from: DateTime, $to: DateTime) { insights(from: $from, to: $to) {
  from to
  conversion { stage { key } next { key } entered movedOn rate }
  transitions { from { key } to { key } count }
  stageDurations { stage { key } exits medianDays p90Days }
  churnReasons(first: 5) { reason count share }
  spend { acquisition retention revenue }
  revenueByBand { band { key } revenue touchpoints }
  feedbackCoverage { deliveries withFeedback rate }
  campaigns(first: 5) { campaign prospectsReached converted rate revenue }
} }`;

describe('insights over GraphQL', () => {
  it('answers every figure for the default window, with stages as Stage objects', async () => {
    await api.table.project();
    const response = await api.graphql(QUERY, {}, { role: 'viewer' });
    expect(response.json.errors).toBeUndefined();
    const insights = response.json.data.insights;
    expect(insights.conversion[0]).toEqual({ stage: { key: 'PROSPECT' }, next: { key: 'ONBOARDING' }, entered: 1, movedOn: 1, rate: 1 });
    expect(insights.transitions).toEqual([
      { from: null, to: { key: 'PROSPECT' }, count: 1 },
      { from: { key: 'ONBOARDING' }, to: { key: 'CHURNED' }, count: 1 },
      { from: { key: 'PROSPECT' }, to: { key: 'ONBOARDING' }, count: 1 },
    ]);
    expect(insights.stageDurations.find((row: { stage: { key: string } }) => row.stage.key === 'PROSPECT')).toEqual({
      stage: { key: 'PROSPECT' },
      exits: 1,
      medianDays: 2.5,
      p90Days: 2.5,
    });
    expect(insights.churnReasons).toEqual([{ reason: 'Moved away', count: 1, share: 1 }]);
    expect(insights.spend).toEqual({ acquisition: 0.01, retention: 0, revenue: 99.99 });
    expect(insights.revenueByBand).toEqual([
      { band: { key: 'ALARM' }, revenue: 0, touchpoints: 0 },
      { band: { key: 'MET' }, revenue: 0, touchpoints: 0 },
      { band: { key: 'EXCEPTIONAL' }, revenue: 0, touchpoints: 0 },
      { band: null, revenue: 99.99, touchpoints: 1 },
    ]);
    expect(insights.feedbackCoverage).toEqual({ deliveries: 0, withFeedback: 0, rate: null });
    expect(insights.campaigns).toEqual([{ campaign: 'Spring sale', prospectsReached: 1, converted: 1, rate: 1, revenue: 99.99 }]);
  });

  it.each([
    ['without a campaign', 'kind: CAMPAIGN', 'input.campaign'],
    ['with a blank campaign', 'kind: CAMPAIGN, campaign: "  "', 'input.campaign'],
    ['with a campaign over 100 characters', `kind: CAMPAIGN, campaign: "${'x'.repeat(101)}"`, 'input.campaign'],
    ['with a campaign on a PURCHASE', 'kind: PURCHASE, campaign: "Spring sale"', 'input.campaign'],
  ])('refuses a touchpoint %s as BAD_USER_INPUT naming the field, and writes nothing', async (_, fields, field) => {
    const created = await api.graphql(`mutation { createCustomer(input: { externalId: "i-${field}-${fields.length}", name: "Ivo" }) { customer { id } } }`);
    const id = created.json.data.createCustomer.customer.id;
    const response = await api.graphql(
      `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: MARKETING, channel: EMAIL, ${fields} }) { touchpoint { id } } }`,
      { id },
    );
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const journey = await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints(first: 5) { totalCount } } }`, { id });
    expect(journey.json.data.customer.touchpoints.totalCount).toBe(0);
  });

  it('states the map settings the figures use', async () => {
    const response = await api.graphql(`{ lifecycleMap { feedbackWithinDays attributionDays } }`, {}, { role: 'viewer' });
    expect(response.json.data.lifecycleMap).toEqual({ feedbackWithinDays: 7, attributionDays: 30 });
  });

  it.each([
    ['from after to', { from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' }],
    ['a window over 366 days', { from: '2025-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }],
  ])('refuses %s as BAD_USER_INPUT', async (_, variables) => {
    const response = await api.graphql(QUERY, variables);
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('reads a full 366-day window (1,468 day and 52 month items, in batches) and finds the one day with events in it', async () => {
    await api.table.project();
    const response = await api.graphql(QUERY, { from: '2025-06-01T00:00:00Z', to: '2026-06-01T00:00:00Z' });
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.insights.transitions).toEqual([{ from: null, to: { key: 'PROSPECT' }, count: 1 }]);
  });
});
