import { LOCAL_AUDIENCE, LOCAL_CURSOR_SECRET, LOCAL_ISSUER, loadConfig, loadWebhooksConfig } from '../../src/config';

const deployedEnv = (stage: string) => ({
  STAGE: stage,
  TABLE_NAME: `lifecycle-map-${stage}`,
  AUTH_MODE: 'gateway',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  JWT_AUDIENCE: 'client-id',
  CURSOR_SECRET: 'a-deployment-secret-of-at-least-32-characters',
});
const DEPLOYED_STAGES = ['prod', 'production', 'staging', 'dev', 'qa-7'];

const prodEnv = deployedEnv('prod');

describe('configuration', () => {
  it.each(DEPLOYED_STAGES)('treats stage %s as deployed, without NODE_ENV', (stage) => {
    const config = loadConfig(deployedEnv(stage));
    expect(config.isDeployed).toBe(true);
    expect(config.auth.mode).toBe('gateway');
    expect(config.auth.jwksUrl).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json');
  });

  it.each(['local', 'test'])('treats stage %s as not deployed, verifying tokens locally by default', (stage) => {
    const config = loadConfig({ STAGE: stage, TABLE_NAME: 't', LOCAL_JWKS_FILE: '/tmp/jwks.json' });
    expect(config.isDeployed).toBe(false);
    expect(config.auth.mode).toBe('local');
    expect(config.cursorSecret).toBe(LOCAL_CURSOR_SECRET);
  });

  it('treats any stage running in AWS Lambda as deployed, even one named test', () => {
    const config = loadConfig({ ...deployedEnv('test'), AWS_LAMBDA_FUNCTION_NAME: 'lifecycle-map-test-graphql' });
    expect(config.isDeployed).toBe(true);
    expect(() => loadConfig({ ...deployedEnv('local'), AWS_LAMBDA_FUNCTION_NAME: 'f', CURSOR_SECRET: LOCAL_CURSOR_SECRET })).toThrow(
      /Refusing to start stage local/,
    );
  });

  const developmentDefaults: [string, Record<string, string | undefined>][] = [
    ['the local key set', { AUTH_MODE: 'local', LOCAL_JWKS_FILE: '/tmp/jwks.json' }],
    ['a local key set file beside gateway mode', { LOCAL_JWKS_FILE: '/tmp/jwks.json' }],
    ['the local issuer', { JWT_ISSUER: LOCAL_ISSUER }],
    ['the local audience', { JWT_AUDIENCE: LOCAL_AUDIENCE }],
    ['an issuer that is not https', { JWT_ISSUER: 'http://issuer.example.com' }],
    ['a key set URL that is not https', { JWT_JWKS_URL: 'http://issuer.example.com/jwks.json' }],
    ['the local cursor secret', { CURSOR_SECRET: LOCAL_CURSOR_SECRET }],
    ['DynamoDB Local', { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }],
  ];
  describe.each(DEPLOYED_STAGES)('stage %s', (stage) => {
    it.each(developmentDefaults)('refuses to start with %s', (_, overrides) => {
      expect(() => loadConfig({ ...deployedEnv(stage), ...overrides })).toThrow(new RegExp(`Refusing to start stage ${stage}`));
    });

    it('refuses to start without its own cursor secret', () => {
      expect(() => loadConfig({ ...deployedEnv(stage), CURSOR_SECRET: undefined })).toThrow(/CURSOR_SECRET/);
    });
  });

  it('defaults a deployed stage to gateway mode, which needs an issuer', () => {
    expect(() => loadConfig({ STAGE: 'staging', TABLE_NAME: 't' })).toThrow(/JWT_ISSUER/);
  });

  it('refuses gateway mode under serverless-offline, on any stage', () => {
    for (const stage of ['local', 'test', 'dev']) {
      const env = { ...deployedEnv(stage), IS_OFFLINE: 'true' };
      expect(() => loadConfig(env)).toThrow(/IS_OFFLINE/);
    }
    // npm start: serverless-offline with the local key set is the supported way.
    expect(loadConfig({ STAGE: 'local', TABLE_NAME: 't', IS_OFFLINE: 'true', LOCAL_JWKS_FILE: '/tmp/jwks.json' }).auth.mode).toBe('local');
  });

  it('refuses a short cursor secret anywhere', () => {
    expect(() => loadConfig({ TABLE_NAME: 't', LOCAL_JWKS_FILE: 'f', CURSOR_SECRET: 'short' })).toThrow(/CURSOR_SECRET/);
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

describe('webhook settings', () => {
  it('need the event bus on deployed stages, and have none on local and test stages', () => {
    expect(() => loadWebhooksConfig({ STAGE: 'prod', TABLE_NAME: 't' })).toThrow(/EVENT_BUS_NAME/);
    expect(loadWebhooksConfig({ STAGE: 'prod', TABLE_NAME: 't', EVENT_BUS_NAME: 'bus' })).toMatchObject({ isDeployed: true, eventBusName: 'bus' });
    expect(loadWebhooksConfig({ STAGE: 'test', TABLE_NAME: 't' })).toMatchObject({ isDeployed: false, eventBusName: undefined });
  });
});
