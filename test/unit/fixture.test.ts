import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureEvents, parseFixture } from '../../scripts/lib/fixture';
import { DomainError } from '../../src/domain/errors';

function refusedField(document: unknown): string | undefined {
  try {
    parseFixture(document);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') return error.field;
    throw error;
  }
  throw new Error('not refused');
}

const customer = (extra: Record<string, unknown> = {}) => ({ externalId: 'x-1', name: 'Ada', ...extra });
const touchpoint = (extra: Record<string, unknown> = {}) => ({ team: 'MARKETING', channel: 'WEB', kind: 'PURCHASE', ...extra });

describe('a seed fixture', () => {
  it('reads the example of test/fixtures, with defaults for what it leaves out', () => {
    const fixture = parseFixture(JSON.parse(readFileSync(join(__dirname, '../fixtures/consumer.json'), 'utf8')));
    expect(fixture.customers.map((c) => c.externalId)).toEqual(['crm-onboarding', 'crm-loyal', 'crm-complaint']);
    expect(fixture.customers[0]).toMatchObject({ mapId: 'default', email: 'olga@example.com', moves: [] });
    expect(fixture.customers[1]?.touchpoints[1]).toMatchObject({ ref: 'late', kind: 'COMPLAINT', occurredAt: '2025-02-01T09:00:00.000Z' });
    expect(parseFixture({})).toEqual({ maps: [], customers: [] });
  });

  it.each([
    [[], 'fixture'],
    [{ customer: [] }, 'fixture.customer'],
    [{ maps: [{ id: 'b2b' }] }, 'fixture.maps[0].name'],
    [{ maps: [{ id: 'b2b', name: 'B', stages: [{ key: 'A', name: 'A', offPath: 'yes' }] }] }, 'fixture.maps[0].stages[0].offPath'],
    [{ maps: [{ id: 'b2b', name: 'B', bands: [{ key: 'A', name: 'A', min: '1', max: 10 }] }] }, 'fixture.maps[0].bands[0].min'],
    [{ maps: [{ id: 'b2b', name: 'B', rules: [{ id: 'r', kind: 'HUG' }] }] }, 'fixture.maps[0].rules[0].kind'],
    [{ maps: [{ id: 'default', stages: [] }] }, 'fixture.maps[0].stages'],
    [{ customers: {} }, 'fixture.customers'],
    [{ customers: [customer({ name: 7 })] }, 'fixture.customers[0].name'],
    [{ customers: [customer({ createdAt: 'yesterday' })] }, 'fixture.customers[0].createdAt'],
    [{ customers: [customer(), customer({ touchpoints: [touchpoint({ kind: 'HUG' })] })] }, 'fixture.customers[1].touchpoints[0].kind'],
    [{ customers: [customer({ touchpoints: [touchpoint({ score: '9' })] })] }, 'fixture.customers[0].touchpoints[0].score'],
    [{ customers: [customer({ touchpoints: [touchpoint({ when: '2026-01-01T00:00:00Z' })] })] }, 'fixture.customers[0].touchpoints[0].when'],
    [{ customers: [customer({ moves: [{ toStage: 'ACTIVE' }] })] }, 'fixture.customers[0].moves[0].team'],
  ])('refuses %j naming %s', (document, field) => {
    expect(refusedField(document)).toBe(field);
  });

  it('orders a history by time, touchpoints before moves at the same instant, undated ones last', () => {
    const fixture = parseFixture({
      customers: [
        customer({
          touchpoints: [
            touchpoint({ occurredAt: '2026-01-03T00:00:00Z', note: 'c' }),
            touchpoint({ note: 'undated' }),
            touchpoint({ occurredAt: '2026-01-01T00:00:00Z', note: 'a' }),
          ],
          moves: [
            { at: '2026-01-03T00:00:00Z', toStage: 'ACTIVE', team: 'TRAINING' },
            { at: '2026-01-02T00:00:00Z', toStage: 'ONBOARDING', team: 'TRAINING' },
          ],
        }),
      ],
    });
    const events = fixtureEvents(fixture.customers[0]!, 'fixture.customers[0]');
    expect(events.map((event) => event.field)).toEqual([
      'fixture.customers[0].touchpoints[2]',
      'fixture.customers[0].moves[1]',
      'fixture.customers[0].touchpoints[0]',
      'fixture.customers[0].moves[0]',
      'fixture.customers[0].touchpoints[1]',
    ]);
  });
});
