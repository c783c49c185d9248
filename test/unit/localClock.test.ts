import { DomainError } from '../../src/domain/errors';
import { movedClock, offsetAdvancedBy, offsetToReach } from '../../src/domain/localClock';

const machine = new Date('2026-06-01T09:00:00.000Z');
const HOUR = 3_600_000;

function refusal(run: () => unknown): { code: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('not refused');
}

describe('the local clock', () => {
  it('is the machine clock moved by the offset', () => {
    expect(movedClock(0, machine)).toEqual(machine);
    expect(movedClock(-HOUR, machine).toISOString()).toBe('2026-06-01T08:00:00.000Z');
  });

  it('reaches a set instant, before or after the machine clock', () => {
    expect(offsetToReach('now', '2026-06-02T09:00:00.000Z', machine)).toBe(24 * HOUR);
    expect(offsetToReach('now', '2026-05-31T09:00:00.000Z', machine)).toBe(-24 * HOUR);
  });

  it('advances by whole days and hours from where it stands', () => {
    expect(offsetAdvancedBy(HOUR, machine, { days: 1 })).toBe(25 * HOUR);
    expect(offsetAdvancedBy(0, machine, { hours: 5 })).toBe(5 * HOUR);
    expect(offsetAdvancedBy(0, machine, { days: 2, hours: 1 })).toBe(49 * HOUR);
    expect(offsetAdvancedBy(0, machine, { days: 0 })).toBe(0);
  });

  it.each([
    [{}, 'days'],
    [{ days: null, hours: null }, 'days'],
    [{ days: -1 }, 'days'],
    [{ days: 1.5 }, 'days'],
    [{ hours: -1 }, 'hours'],
    [{ days: 3_000_000 }, 'days'],
  ])('refuses advancing by %j, naming %s', (by, field) => {
    expect(refusal(() => offsetAdvancedBy(0, machine, by))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses instants before 2000 or from 9999', () => {
    expect(refusal(() => offsetToReach('now', '1999-12-31T23:59:59.999Z', machine))).toEqual({ code: 'BAD_USER_INPUT', field: 'now' });
    expect(refusal(() => offsetToReach('now', '9999-06-01T00:00:00.000Z', machine))).toEqual({ code: 'BAD_USER_INPUT', field: 'now' });
  });
});
