import { SignJWT, generateKeyPair, importJWK } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../src/config';
import type { Role } from '../../src/domain/access';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
let customerId: string;

beforeAll(async () => {
  api = await startApi();
  const created = await api.graphql(
    `mutation { createCustomer(input: { externalId: "acl-1", name: "Grace Hopper", email: "grace@example.com" }) { customer { id } } }`,
  );
  customerId = created.json.data.createCustomer.customer.id;
  // Bring the customer to ACTIVE so that every team has an allowed move to try (ACTIVE <-> AT_RISK).
  for (const toStage of ['ONBOARDING', 'ACTIVE']) {
    await api.graphql(`mutation($id: ID!, $to: ID!) { advanceCustomer(input: { customerId: $id, toStage: $to, team: MARKETING }) { customer { id } } }`, {
      id: customerId,
      to: toStage,
    });
  }
});

const ROLES: (Role | 'none')[] = ['viewer', 'marketing', 'training', 'operations', 'admin', 'none'];
const TEAMS = ['MARKETING', 'TRAINING', 'OPERATIONS'] as const;

type Operation = { name: string; run: (token: string) => Promise<{ code: string | null; wrote: () => Promise<boolean> }> };

const tokenFor = (role: Role | 'none') =>
  role === 'none' ? api.token('viewer', { groups: ['someone-else'], sub: 'sub-nobody' }) : api.token(role);

const countTouchpoints = async () => {
  const read = await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints(first: 100) { edges { cursor } } } }`, { id: customerId });
  return read.json.data.customer.touchpoints.edges.length as number;
};
const journeyLength = async () => {
  const read = await api.graphql(`query($id: ID!) { customer(id: $id) { journey { id } } }`, { id: customerId });
  return read.json.data.customer.journey.length as number;
};

const codeOf = (json: { errors?: { extensions?: { code?: string } }[] }) => json.errors?.[0]?.extensions?.code ?? null;

const operations: Operation[] = [
  {
    name: 'read the map',
    run: async (token) => ({ code: codeOf((await api.graphql(`{ lifecycleMap { id } }`, {}, { token })).json), wrote: async () => false }),
  },
  {
    name: 'list customers',
    run: async (token) => ({ code: codeOf((await api.graphql(`{ customers { totalCount } }`, {}, { token })).json), wrote: async () => false }),
  },
  {
    name: 'create a customer',
    run: async (token) => {
      const externalId = `acl-${Math.random()}`;
      const response = await api.graphql(
        `mutation($x: String!) { createCustomer(input: { externalId: $x, name: "New" }) { customer { id } } }`,
        { x: externalId },
        { token },
      );
      return { code: codeOf(response.json), wrote: async () => Boolean(response.json.data?.createCustomer) };
    },
  },
  ...TEAMS.map((team) => ({
    name: `record a ${team} touchpoint`,
    run: async (token: string) => {
      const before = await countTouchpoints();
      const response = await api.graphql(
        `mutation($id: ID!, $team: Team!) { recordTouchpoint(input: { customerId: $id, team: $team, channel: PHONE, kind: SUPPORT_REQUEST }) { touchpoint { id } } }`,
        { id: customerId, team },
        { token },
      );
      return { code: codeOf(response.json), wrote: async () => (await countTouchpoints()) > before };
    },
  })),
  ...TEAMS.map((team) => ({
    name: `move the customer as ${team}`,
    run: async (token: string) => {
      const before = await journeyLength();
      const stage = (await api.graphql(`query($id: ID!) { customer(id: $id) { stage { key } } }`, { id: customerId })).json.data
        .customer.stage.key;
      const response = await api.graphql(
        `mutation($id: ID!, $team: Team!, $to: ID!) { advanceCustomer(input: { customerId: $id, toStage: $to, team: $team }) { customer { id } } }`,
        { id: customerId, team, to: stage === 'ACTIVE' ? 'AT_RISK' : 'ACTIVE' },
        { token },
      );
      return { code: codeOf(response.json), wrote: async () => (await journeyLength()) > before };
    },
  })),
];

const TEAM_OF: Partial<Record<Role | 'none', string>> = { marketing: 'MARKETING', training: 'TRAINING', operations: 'OPERATIONS' };

/** Who may do what: the access-control issue's table, cell by cell. */
function allowed(role: Role | 'none', operation: string): boolean {
  if (role === 'none') return false;
  if (role === 'admin') return true;
  if (operation.startsWith('read') || operation.startsWith('list')) return true;
  if (operation === 'create a customer') return role === 'marketing';
  return TEAM_OF[role] !== undefined && operation.includes(TEAM_OF[role] as string);
}

const matrix = ROLES.flatMap((role) => operations.map((operation) => [role, operation.name, allowed(role, operation.name)] as const));

describe('the authorization matrix', () => {
  it.each(matrix)('%s may %s: %s', async (role, name, expected) => {
    const operation = operations.find((o) => o.name === name) as Operation;
    const outcome = await operation.run(await tokenFor(role));
    if (expected) {
      expect(outcome.code).toBeNull();
      expect(await outcome.wrote()).toBe(!name.startsWith('read') && !name.startsWith('list'));
    } else {
      expect(outcome.code).toBe('FORBIDDEN');
      expect(await outcome.wrote()).toBe(false);
    }
  });

  it('shows email to the teams and admin, null to a viewer', async () => {
    const query = `query($id: ID!) { customer(id: $id) { email name } }`;
    for (const role of ['marketing', 'training', 'operations', 'admin'] as const) {
      const response = await api.graphql(query, { id: customerId }, { role });
      expect(response.json.data.customer.email).toBe('grace@example.com');
    }
    const viewer = await api.graphql(query, { id: customerId }, { role: 'viewer' });
    expect(viewer.json.data.customer).toEqual({ email: null, name: 'Grace Hopper' });
  });

  it('stores the caller subject on every touchpoint and transition', async () => {
    const token = await api.token('operations', { sub: 'ops-person-7' });
    const response = await api.graphql(
      `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: OPERATIONS, channel: PHONE, kind: FEEDBACK, score: 2 }) { touchpoint { id } transition { id } } }`,
      { id: customerId },
      { token },
    );
    const touchpoint = await api.table.store.getTouchpoint(customerId, response.json.data.recordTouchpoint.touchpoint.id);
    expect(touchpoint?.recordedBy).toBe('ops-person-7');
    const journey = await api.table.store.journey(customerId);
    const made = journey.find((t) => t.id === response.json.data.recordTouchpoint.transition?.id);
    expect(made?.recordedBy).toBe('ops-person-7');
  });
});

describe('authentication', () => {
  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);

  const badTokens: [string, () => Promise<string | null>, Record<string, string>?][] = [
    ['no Authorization header', async () => null],
    ['an empty bearer', async () => ''],
    ['a malformed token', async () => 'not.a.jwt'],
    ['random text', async () => 'Ada Lovelace'],
    ['an expired token', async () => api.token('admin', { expiresIn: '-1m' })],
    [
      'a token not yet valid',
      async () =>
        new SignJWT({ 'cognito:groups': ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: api.privateJwk.kid as string })
          .setSubject('s')
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setNotBefore(now() + 3600)
          .setExpirationTime(now() + 7200)
          .sign(await importJWK(api.privateJwk, 'RS256')),
    ],
    ['the wrong issuer', async () => api.token('admin', { issuer: 'https://evil.example' })],
    ['the wrong audience', async () => api.token('admin', { audience: 'another-app' })],
    [
      'an unsigned token (alg none)',
      async () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
          sub: 's',
          'cognito:groups': ['admin'],
          iss: LOCAL_ISSUER,
          aud: LOCAL_AUDIENCE,
          exp: now() + 600,
        })}.`,
    ],
    [
      'an HMAC-signed token keyed with the public key',
      async () =>
        new SignJWT({ 'cognito:groups': ['admin'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('s')
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(JSON.stringify(api.privateJwk.n))),
    ],
    [
      'a token signed by another key',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ 'cognito:groups': ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: api.privateJwk.kid as string })
          .setSubject('s')
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setExpirationTime('5m')
          .sign(privateKey);
      },
    ],
    [
      'a token without a subject',
      async () =>
        new SignJWT({ 'cognito:groups': ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: api.privateJwk.kid as string })
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setExpirationTime('5m')
          .sign(await importJWK(api.privateJwk, 'RS256')),
    ],
    ['a Basic scheme', async () => null, { authorization: 'Basic YWRhOmxvdmVsYWNl' }],
  ];

  // Rows are padded to three entries: jest reads a test function with more parameters than its row as async-by-callback.
  it.each(badTokens.map(([name, make, headers]) => [name, make, headers ?? {}] as const))(
    'refuses %s with HTTP 401 UNAUTHENTICATED',
    async (_, make, headers) => {
    const token = await make();
    const response = await api.graphql(`{ lifecycleMap { id } }`, {}, { token, headers });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(response.json.data).toBeUndefined();
    },
  );

  it('refuses mutations without a valid token and writes nothing', async () => {
    const before = await countTouchpoints();
    const response = await api.graphql(
      `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: OPERATIONS, channel: PHONE, kind: COMPLAINT }) { touchpoint { id } } }`,
      { id: customerId },
      { token: null },
    );
    expect(response.status).toBe(401);
    expect(await countTouchpoints()).toBe(before);
  });

  it('accepts a valid token whose groups are a JSON array or a single group name', async () => {
    for (const groups of [['operations', 'viewer'], 'operations']) {
      const token = await api.token('viewer', { groups: groups as string[] });
      const response = await api.graphql(`{ lifecycleMap { id } }`, {}, { token });
      expect(response.json.data.lifecycleMap.id).toBe('default');
    }
  });

  it.each([
    ['a group named "partners,admin"', ['partners,admin']],
    ['a group named "Not Admin"', ['Not Admin']],
    ['a group named "Admin"', ['Admin']],
    ['the string "partners,admin"', 'partners,admin'],
    ['the string "[partners admin]"', '[partners admin]'],
  ])('grants no role for %s: a validly signed token with it is FORBIDDEN, not admin', async (_, groups) => {
    const token = await api.token('viewer', { groups: groups as string[] });
    const response = await api.graphql(`{ lifecycleMap { id } }`, {}, { token });
    expect(response.json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(response.json.data?.lifecycleMap ?? null).toBeNull();
  });
});
