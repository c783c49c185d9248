/**
 * Every setting the service reads, read here and nowhere else, from an environment passed in (process.env in
 * Lambda, a literal in tests). Every stage but `local` and `test` is deployed, whatever its name, and a deployed
 * stage refuses the local-development defaults rather than running with them.
 */
export type AuthMode = 'gateway' | 'local';

/**
 * Trusted documents (src/graphql/trustedDocuments.ts). off: only query text; allowed: query text or the id of a
 * trusted document; required: only ids, so a stage answers nothing but the documents its frontends were built with.
 */
export type PersistedOperationsMode = 'off' | 'allowed' | 'required';

export interface Config {
  stage: string;
  /** Any stage but local and test: no introspection, no suggestions, no development defaults. */
  isDeployed: boolean;
  tableName: string;
  region: string;
  /** Set only for DynamoDB Local. */
  dynamodbEndpoint: string | undefined;
  auth: {
    /**
     * gateway: API Gateway's JWT authorizer stands in front, and the Lambda verifies the token again against the
     * issuer's published key set; local: the Lambda verifies it against the key set `npm start` made.
     */
    mode: AuthMode;
    issuer: string;
    audience: string;
    groupsClaim: string;
    /** gateway mode: where the issuer publishes its keys (Cognito's `<issuer>/.well-known/jwks.json`). */
    jwksUrl: string | undefined;
    /** local mode only: the public key set that `npm run token` signs for. */
    localJwksFile: string | undefined;
  };
  /** Signs cursors, so a client can neither forge one nor carry one to another list. */
  cursorSecret: string;
  idempotencyTtlHours: number;
  logLevel: string;
  persistedOperations: PersistedOperationsMode;
  /** LOCAL ONLY (`npm start`): the movable clock and reset of the local stack; undefined everywhere else. */
  localEmulation: LocalEmulation | undefined;
  /** CloudWatch embedded metrics: one namespace; the `service` dimension tells deployments apart. */
  metrics: { namespace: string; service: string };
  /** X-Ray subsegments for DynamoDB calls; on for deployed stages by serverless.yml, off locally. */
  tracing: boolean;
}

export interface LocalEmulation {
  /** What `npm start` seeded (map, demo data, fixture), as a file of items: what `resetLocalData` writes back. */
  snapshotFile: string;
}

/** LOCAL DEVELOPMENT ONLY: the issuer and audience of tokens minted by `npm run token`. Deployed stages refuse them. */
export const LOCAL_ISSUER = 'urn:lifecycle-map:local-development';
export const LOCAL_AUDIENCE = 'lifecycle-map-local';
/** LOCAL DEVELOPMENT ONLY: the cursor secret of `npm start` and the tests. Deployed stages refuse it. */
export const LOCAL_CURSOR_SECRET = 'local-development-cursor-secret-refused-by-deployed-stages';

/** The only stages that are not deployed (outside AWS Lambda); any other name (dev, staging, prod, ...) is held to deployed rules. */
export const UNDEPLOYED_STAGES = ['local', 'test'];

const MIN_SECRET_LENGTH = 32;

type Env = Record<string, string | undefined>;

/** The configuration from an environment: the process's own unless one is given (tests pass literals). */
export function loadConfig(env: Env = process.env): Config {
  const stage = optional(env, 'STAGE') ?? 'local';
  const isDeployed = deployed(env, stage);
  const mode = oneOf(env, 'AUTH_MODE', ['gateway', 'local'] as const, isDeployed ? 'gateway' : 'local');
  // serverless-offline fills the authorizer's claims from any token without checking its signature.
  if (mode === 'gateway' && isOffline(env)) {
    throw new Error('Refusing to start: AUTH_MODE gateway under serverless-offline (IS_OFFLINE) trusts unsigned tokens; use npm start');
  }
  const issuer = optional(env, 'JWT_ISSUER') ?? (mode === 'local' ? LOCAL_ISSUER : required(env, 'JWT_ISSUER'));
  const config: Config = {
    stage,
    isDeployed,
    tableName: required(env, 'TABLE_NAME'),
    region: optional(env, 'AWS_REGION') ?? 'us-east-1',
    dynamodbEndpoint: optional(env, 'DYNAMODB_ENDPOINT'),
    auth: {
      mode,
      issuer,
      audience: optional(env, 'JWT_AUDIENCE') ?? (mode === 'local' ? LOCAL_AUDIENCE : required(env, 'JWT_AUDIENCE')),
      groupsClaim: optional(env, 'JWT_GROUPS_CLAIM') ?? 'cognito:groups',
      jwksUrl: mode === 'gateway' ? (optional(env, 'JWT_JWKS_URL') ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`) : undefined,
      localJwksFile: mode === 'local' ? required(env, 'LOCAL_JWKS_FILE') : undefined,
    },
    cursorSecret: optional(env, 'CURSOR_SECRET') ?? (isDeployed ? required(env, 'CURSOR_SECRET') : LOCAL_CURSOR_SECRET),
    idempotencyTtlHours: integer(env, 'IDEMPOTENCY_TTL_HOURS', 24, { min: 24 }),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    persistedOperations: oneOf(env, 'PERSISTED_OPERATIONS', ['off', 'allowed', 'required'] as const, 'allowed'),
    localEmulation: localEmulation(env),
    metrics: metricsSettings(env, stage),
    tracing: oneOf(env, 'TRACING', ['true', 'false'] as const, 'false') === 'true',
  };
  if (config.cursorSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`Configuration CURSOR_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (isDeployed) refuseDevelopmentDefaults(config, env);
  if (config.localEmulation && config.dynamodbEndpoint === undefined) {
    // Reset empties the whole table: only ever against DynamoDB Local, never a deployed table.
    throw new Error('Configuration LOCAL_EMULATION needs DYNAMODB_ENDPOINT (DynamoDB Local)');
  }
  return config;
}

function localEmulation(env: Env): LocalEmulation | undefined {
  if (oneOf(env, 'LOCAL_EMULATION', ['on', 'off'] as const, 'off') === 'off') return undefined;
  return { snapshotFile: required(env, 'LOCAL_SNAPSHOT_FILE') };
}

function refuseDevelopmentDefaults(config: Config, env: Env): void {
  const problems: string[] = [];
  if (config.auth.mode !== 'gateway') problems.push('AUTH_MODE must be gateway (the local key set is for development)');
  if (optional(env, 'LOCAL_JWKS_FILE') !== undefined) problems.push('LOCAL_JWKS_FILE must not be set (the local key set)');
  if (config.auth.issuer === LOCAL_ISSUER) problems.push('JWT_ISSUER is the local-development issuer');
  if (config.auth.audience === LOCAL_AUDIENCE) problems.push('JWT_AUDIENCE is the local-development audience');
  if (!config.auth.issuer.startsWith('https://')) problems.push('JWT_ISSUER must be an https URL');
  if (config.auth.jwksUrl !== undefined && !config.auth.jwksUrl.startsWith('https://')) {
    problems.push('JWT_JWKS_URL must be an https URL');
  }
  if (config.cursorSecret === LOCAL_CURSOR_SECRET) problems.push('CURSOR_SECRET is the local-development secret');
  if (config.dynamodbEndpoint !== undefined) problems.push('DYNAMODB_ENDPOINT must not be set (DynamoDB Local)');
  if (isOffline(env)) problems.push('a deployed stage does not run under serverless-offline (IS_OFFLINE)');
  if (config.localEmulation) problems.push('LOCAL_EMULATION must be off (a movable clock and table reset)');
  if (problems.length > 0) {
    throw new Error(`Refusing to start stage ${config.stage}: ${problems.join('; ')}`);
  }
}

function metricsSettings(env: Env, stage: string): Config['metrics'] {
  return {
    namespace: optional(env, 'METRICS_NAMESPACE') ?? 'LifecycleMap',
    service: optional(env, 'METRICS_SERVICE') ?? `lifecycle-map-${stage}`,
  };
}

/** In AWS Lambda (and not serverless-offline) every stage is deployed, so a deploy named `test` gains nothing. */
function deployed(env: Env, stage: string): boolean {
  const inLambda = optional(env, 'AWS_LAMBDA_FUNCTION_NAME') !== undefined && !isOffline(env);
  return inLambda || !UNDEPLOYED_STAGES.includes(stage);
}

/** serverless-offline sets IS_OFFLINE; any value but empty or "false" counts. */
function isOffline(env: Env): boolean {
  const value = optional(env, 'IS_OFFLINE');
  return value !== undefined && value.toLowerCase() !== 'false';
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new Error(`Configuration ${name} is required`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = optional(env, name) ?? fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new Error(`Configuration ${name} must be one of ${values.join(', ')}; got "${value}"`);
  }
  return value as T;
}

function integer(env: Env, name: string, fallback: number, bounds: { min: number }): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < bounds.min) {
    throw new Error(`Configuration ${name} must be a whole number of at least ${bounds.min}; got "${text}"`);
  }
  return value;
}

/** What the stream projector needs: far less than the API (no tokens, no limits). */
export interface ProjectorConfig {
  stage: string;
  tableName: string;
  region: string;
  dynamodbEndpoint: string | undefined;
  logLevel: string;
  metrics: Config['metrics'];
}

export function loadProjectorConfig(env: Env = process.env): ProjectorConfig {
  const stage = optional(env, 'STAGE') ?? 'local';
  const config = {
    stage,
    tableName: required(env, 'TABLE_NAME'),
    region: optional(env, 'AWS_REGION') ?? 'us-east-1',
    dynamodbEndpoint: optional(env, 'DYNAMODB_ENDPOINT'),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    metrics: metricsSettings(env, stage),
  };
  if (deployed(env, stage) && config.dynamodbEndpoint !== undefined) {
    throw new Error(`Refusing to start stage ${stage}: DYNAMODB_ENDPOINT must not be set (DynamoDB Local)`);
  }
  return config;
}

/** What the webhook publisher and dispatcher need: the projector's settings, the stage's rules and the bus. */
export interface WebhooksConfig extends ProjectorConfig {
  /** Deployed stages send only to https URLs of public addresses. */
  isDeployed: boolean;
  /** The EventBridge bus events are put on; deployed stages require it, local and test stages have none. */
  eventBusName: string | undefined;
}

export function loadWebhooksConfig(env: Env = process.env): WebhooksConfig {
  const base = loadProjectorConfig(env);
  const isDeployed = deployed(env, base.stage);
  return { ...base, isDeployed, eventBusName: isDeployed ? required(env, 'EVENT_BUS_NAME') : optional(env, 'EVENT_BUS_NAME') };
}
