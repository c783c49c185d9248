import {
  occurredAt,
  optionalAmount,
  optionalEmail,
  optionalIdempotencyKey,
  optionalScore,
  optionalText,
  pageSize,
  requiredLine,
} from '../../src/domain/validation';

const refused = (field: string) => expect.objectContaining({ code: 'BAD_USER_INPUT', field });
const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('input validation', () => {
  it.each([0, 11, -1, 5.5])('refuses score %p', (score) => {
    expect(() => optionalScore('input.score', score)).toThrow(refused('input.score'));
  });
  it.each([1, 10, null, undefined])('accepts score %p', (score) => {
    expect(optionalScore('input.score', score)).toBe(score ?? null);
  });

  it('trims names and refuses empty or over 200 characters', () => {
    expect(requiredLine('input.name', '  Ada  ', 200)).toBe('Ada');
    expect(requiredLine('input.name', 'x'.repeat(200), 200)).toHaveLength(200);
    expect(() => requiredLine('input.name', '   ', 200)).toThrow(refused('input.name'));
    expect(() => requiredLine('input.name', 'x'.repeat(201), 200)).toThrow(refused('input.name'));
    expect(() => requiredLine('input.name', 'A\u0000da', 200)).toThrow(refused('input.name'));
  });

  it('counts characters, not UTF-16 units', () => {
    expect(requiredLine('input.name', '😀'.repeat(200), 200)).toHaveLength(400);
  });

  it('keeps line breaks in notes up to 2,000 characters', () => {
    expect(optionalText('input.note', 'one\ntwo', 2000)).toBe('one\ntwo');
    expect(optionalText('input.note', 'x'.repeat(2000), 2000)).toHaveLength(2000);
    expect(() => optionalText('input.note', 'x'.repeat(2001), 2000)).toThrow(refused('input.note'));
    expect(() => optionalText('input.note', 'bell\u0007', 2000)).toThrow(refused('input.note'));
  });

  it.each(['plain', 'a@b', 'a b@c.de', '@c.de'])('refuses email %p', (email) => {
    expect(() => optionalEmail('input.email', email)).toThrow(refused('input.email'));
  });
  it('lower-cases a valid email', () => {
    expect(optionalEmail('input.email', 'Ada@Example.COM')).toBe('ada@example.com');
  });

  it.each([-0.01, Number.POSITIVE_INFINITY, Number.NaN, 1e13])('refuses amount %p', (amount) => {
    expect(() => optionalAmount('input.revenue', amount)).toThrow(refused('input.revenue'));
  });
  it('accepts zero and positive amounts', () => {
    expect(optionalAmount('input.cost', 0)).toBe(0);
    expect(optionalAmount('input.cost', 12.5)).toBe(12.5);
  });

  it('takes now when occurredAt is omitted, normalizes offsets to UTC', () => {
    expect(occurredAt('input.occurredAt', null, NOW)).toBe(NOW.toISOString());
    expect(occurredAt('input.occurredAt', '2026-05-01T10:00:00+02:00', NOW)).toBe('2026-05-01T08:00:00.000Z');
  });
  it.each(['yesterday', '2026-13-01T00:00:00Z', '1999-12-31T23:59:59Z', '2026-06-01T12:06:00Z'])(
    'refuses occurredAt %p (malformed, before 2000 or in the future)',
    (value) => {
      expect(() => occurredAt('input.occurredAt', value, NOW)).toThrow(refused('input.occurredAt'));
    },
  );
  it('allows a few minutes of clock skew', () => {
    expect(occurredAt('input.occurredAt', '2026-06-01T12:04:00Z', NOW)).toBe('2026-06-01T12:04:00.000Z');
  });

  it('bounds page sizes to 1..100 with 20 by default', () => {
    expect(pageSize('first', undefined)).toBe(20);
    expect(pageSize('first', 100)).toBe(100);
    for (const bad of [0, 101, -5]) expect(() => pageSize('first', bad)).toThrow(refused('first'));
  });

  it('bounds idempotency keys', () => {
    expect(optionalIdempotencyKey('input.idempotencyKey', 'k-1')).toBe('k-1');
    for (const bad of ['', 'x'.repeat(201), 'a\nb']) {
      expect(() => optionalIdempotencyKey('input.idempotencyKey', bad)).toThrow(refused('input.idempotencyKey'));
    }
  });
});
