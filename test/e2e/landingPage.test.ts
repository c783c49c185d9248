import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

describe('a browser opening /graphql', () => {
  it('gets no landing page that loads from a CDN, with or without a token', async () => {
    for (const token of [null, undefined]) {
      const response = await api.send(undefined, { method: 'GET', headers: { accept: 'text/html' }, token });
      expect(response.headers['content-type'] ?? '').not.toContain('text/html');
      expect(response.text).not.toMatch(/cdn\.apollographql\.com|<html/i);
    }
  });
});
