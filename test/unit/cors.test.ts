import { corsFor } from '../../infra/cors.cjs';

describe('CORS of the deployed HTTP API (infra/cors.cjs)', () => {
  it('allows exactly the listed origins, the GraphQL methods and headers, with a max age', () => {
    expect(corsFor('prod', ' https://app.example.com,https://admin.example.com:8443 ')).toEqual({
      allowedOrigins: ['https://app.example.com', 'https://admin.example.com:8443'],
      allowedMethods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight'],
      maxAge: 3600,
    });
  });

  it.each([
    ['an empty list', ''],
    ['no list', undefined],
    ['a wildcard', '*'],
    ['a wildcard among origins', 'https://app.example.com,https://*.example.com'],
    ['a path', 'https://app.example.com/map'],
  ])('refuses to deploy production with %s', (_, origins) => {
    expect(() => corsFor('prod', origins)).toThrow(/Refusing the CORS settings of stage prod/);
    expect(() => corsFor('production', origins)).toThrow(/Refusing/);
  });

  it('serves localhost on any port locally, and the local map view on other stages without a list', () => {
    expect(corsFor('local', undefined).allowedOrigins).toEqual(['http://localhost:*']);
    expect(corsFor('local', 'http://127.0.0.1:5173').allowedOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:5173']);
    expect(corsFor('dev', '').allowedOrigins).toEqual(['http://localhost:3000']);
    expect(corsFor('dev', 'https://staging.example.com').allowedOrigins).toEqual(['https://staging.example.com']);
  });
});
