import { encodeCursor, openCursor, sealCursor, type CursorBinding } from '../../src/store/cursor';

const SECRET = 'a-deployment-secret-of-at-least-32-characters';
const STALE_0: CursorBinding = ['staleCustomers', 'default', 'ONBOARDING', 0];
const position = encodeCursor(['2026-06-01T09:00:00.000Z#cus_1', 'cus_1']);

describe('sealed cursors', () => {
  it('open to their position under the same secret and binding', () => {
    expect(openCursor(SECRET, STALE_0, sealCursor(SECRET, STALE_0, position))).toBe(position);
    expect(openCursor(SECRET, STALE_0, null)).toBeNull();
  });

  it.each([
    ['other arguments', ['staleCustomers', 'default', 'ONBOARDING', 30]],
    ['another stage', ['staleCustomers', 'default', 'AT_RISK', 0]],
    ['another map', ['staleCustomers', 'other', 'ONBOARDING', 0]],
    ['another list', ['unthankedCustomers', 'default', 'ONBOARDING', 0]],
    ['a binding that joins to the same text', ['staleCustomers', 'default,ONBOARDING', 0]],
  ] as [string, CursorBinding][])('are BAD_USER_INPUT on after with %s', (_, binding) => {
    expect(() => openCursor(SECRET, binding, sealCursor(SECRET, STALE_0, position))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
    );
  });

  it('are refused under another deployment secret, and when unsigned or forged', () => {
    const sealed = sealCursor(SECRET, STALE_0, position);
    expect(() => openCursor('another-deployment-secret-of-32-characters', STALE_0, sealed)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    const forged = `${encodeCursor(['0', 'cus_x'])}.${sealed.split('.')[1]}`;
    for (const cursor of [position, forged, `.${sealed.split('.')[1]}`, 'x', '']) {
      expect(() => openCursor(SECRET, STALE_0, cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });
});
