import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadConfig } from '../../src/config';

const prodEnv = {
  STAGE: 'prod',
  TABLE_NAME: 'lifecycle-map-prod',
  AUTH_MODE: 'gateway',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  JWT_AUDIENCE: 'client-id',
};

describe('configuration', () => {
  it('reads a production configuration without NODE_ENV', () => {
    const config = loadConfig(prodEnv);
    expect(config.isProduction).toBe(true);
    expect(config.auth.mode).toBe('gateway');
  });

  it.each([
    ['the local key set', { AUTH_MODE: 'local', LOCAL_JWKS_FILE: '/tmp/jwks.json' }],
    ['the local issuer', { JWT_ISSUER: LOCAL_ISSUER }],
    ['the local audience', { JWT_AUDIENCE: LOCAL_AUDIENCE }],
    ['DynamoDB Local', { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }],
  ])('refuses to start production with %s', (_, overrides) => {
    expect(() => loadConfig({ ...prodEnv, ...overrides })).toThrow(/Refusing to start stage prod/);
  });

  it('defaults production to the gateway authorizer, which needs an issuer', () => {
    expect(() => loadConfig({ STAGE: 'prod', TABLE_NAME: 't' })).toThrow(/JWT_ISSUER/);
  });

  it('needs a table name and a whole idempotency TTL of at least 24 hours', () => {
    expect(() => loadConfig({})).toThrow(/TABLE_NAME/);
    expect(() => loadConfig({ TABLE_NAME: 't', LOCAL_JWKS_FILE: 'f', IDEMPOTENCY_TTL_HOURS: '12' })).toThrow(
      /IDEMPOTENCY_TTL_HOURS/,
    );
  });

  it('reads PERSISTED_OPERATIONS as off, allowed (the default) or required, and refuses anything else', () => {
    expect(loadConfig(prodEnv).persistedOperations).toBe('allowed');
    expect(loadConfig({ ...prodEnv, PERSISTED_OPERATIONS: 'required' }).persistedOperations).toBe('required');
    expect(() => loadConfig({ ...prodEnv, PERSISTED_OPERATIONS: 'on' })).toThrow(/PERSISTED_OPERATIONS must be one of off, allowed, required/);
  });
});

describe('local emulation settings', () => {
  const local = { TABLE_NAME: 't', LOCAL_JWKS_FILE: 'f', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' };

  it('are off unless LOCAL_EMULATION is on', () => {
    expect(loadConfig(local).localEmulation).toBeUndefined();
    expect(loadConfig({ ...local, LOCAL_EMULATION: 'on', LOCAL_SNAPSHOT_FILE: '/tmp/s.json' }).localEmulation).toEqual({
      snapshotFile: '/tmp/s.json',
    });
  });

  it('need DynamoDB Local and the start snapshot', () => {
    const { DYNAMODB_ENDPOINT: _, ...deployedTable } = local;
    expect(() => loadConfig({ ...deployedTable, LOCAL_EMULATION: 'on', LOCAL_SNAPSHOT_FILE: '/tmp/s.json' })).toThrow(/DYNAMODB_ENDPOINT/);
    expect(() => loadConfig({ ...local, LOCAL_EMULATION: 'on' })).toThrow(/LOCAL_SNAPSHOT_FILE/);
    expect(() => loadConfig({ ...local, LOCAL_EMULATION: 'yes' })).toThrow(/LOCAL_EMULATION must be one of on, off/);
  });

  it('are refused by production: no movable clock there', () => {
    expect(() => loadConfig({ ...prodEnv, LOCAL_EMULATION: 'on', LOCAL_SNAPSHOT_FILE: '/tmp/s.json' })).toThrow(
      /Refusing to start stage prod: .*LOCAL_EMULATION must be off/,
    );
  });
});
