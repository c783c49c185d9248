import { groupsFromClaim } from '../../src/auth/groups';
import { canSeePersonalData, requireCanActAs, requireCanCreateCustomer, rolesFromGroups } from '../../src/domain/access';

describe('groups claim', () => {
  it.each([
    [['marketing', 'viewer'], ['marketing', 'viewer']],
    ['["marketing","viewer"]', ['marketing', 'viewer']],
    ['admin', ['admin']],
    ['partners,admin', ['partners,admin']],
    ['Not Admin', ['Not Admin']],
    ['marketing viewer', ['marketing viewer']],
    [['partners,admin', ' admin'], ['partners,admin', ' admin']],
    ['[marketing viewer]', []],
    ['[]', []],
    ['', []],
    [undefined, []],
    [42, []],
  ])('reads %p as the whole groups %p, never split', (claim, groups) => {
    expect(groupsFromClaim(claim)).toEqual(groups);
  });

  it.each([
    [['partners,admin']],
    [['Not Admin']],
    [['Admin']],
    [[' admin']],
    [['admin ']],
    [['ADMIN']],
  ])('grants no role for %p: group names match whole and exactly', (groups) => {
    expect(rolesFromGroups(groups)).toEqual([]);
  });

  it('grants only known roles', () => {
    expect(rolesFromGroups(['admin', 'root', 'training'])).toEqual(['training', 'admin']);
    expect(rolesFromGroups(groupsFromClaim('partners,admin'))).toEqual([]);
    expect(rolesFromGroups(groupsFromClaim('Not Admin'))).toEqual([]);
  });
});

describe('rights', () => {
  const as = (...roles: Parameters<typeof rolesFromGroups>[0]) => ({ sub: 's', roles: rolesFromGroups(roles) });

  it('lets team roles act only as their own team, admins as any', () => {
    expect(() => requireCanActAs(as('marketing'), 'MARKETING')).not.toThrow();
    expect(() => requireCanActAs(as('marketing'), 'OPERATIONS')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => requireCanActAs(as('viewer'), 'TRAINING')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    for (const team of ['MARKETING', 'TRAINING', 'OPERATIONS'] as const) {
      expect(() => requireCanActAs(as('admin'), team)).not.toThrow();
    }
  });

  it('lets only marketing and admin create customers', () => {
    expect(() => requireCanCreateCustomer(as('marketing'))).not.toThrow();
    expect(() => requireCanCreateCustomer(as('admin'))).not.toThrow();
    for (const role of ['viewer', 'training', 'operations']) {
      expect(() => requireCanCreateCustomer(as(role))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }
  });

  it('hides personal data from viewers only', () => {
    expect(canSeePersonalData(as('viewer'))).toBe(false);
    expect(canSeePersonalData(as('training'))).toBe(true);
  });
});
