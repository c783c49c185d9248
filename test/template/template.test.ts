import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The packaged CloudFormation template, as `npm run package` makes it (stage dev, a deployed stage), read back so
// that a change to serverless.yml or infra/ that drops a guard fails here rather than in production.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON is read freely
type Json = any;
interface Resource {
  Type: string;
  Properties: Json;
  Condition?: string;
  DeletionPolicy?: string;
}

const ALARM_ENDPOINT = 'on-call@example.com';
/** What a stream consumer needs, on the table's stream only. */
const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
let template: { Resources: Record<string, Resource>; Conditions?: Json };
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'lifecycle-package-'));
  const root = join(__dirname, '../..');
  await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'dev', '--package', outDir],
    {
      cwd: root,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        SLS_TELEMETRY_DISABLED: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ALARM_ENDPOINT,
        // What every deployed stage's deploy must be given (README, Deploy).
        JWT_ISSUER: 'https://issuer.example.com',
        JWT_AUDIENCE: 'lifecycle-map',
        CURSOR_SECRET: 'template-test-cursor-secret-of-32-characters-or-more',
        ALLOWED_ORIGINS: 'https://app.example.com',
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 300_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const ofType = (type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type) as [string, Resource][];
const only = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};

/** Every metric an alarm reads, directly or through metric math. */
function watched(alarm: Resource): { namespace: string; name: string; dimensions: Json[] }[] {
  const p = alarm.Properties;
  if (p.MetricName) return [{ namespace: p.Namespace, name: p.MetricName, dimensions: p.Dimensions ?? [] }];
  return (p.Metrics ?? [])
    .filter((m: Json) => m.MetricStat)
    .map((m: Json) => ({
      namespace: m.MetricStat.Metric.Namespace,
      name: m.MetricStat.Metric.MetricName,
      dimensions: m.MetricStat.Metric.Dimensions ?? [],
    }));
}
const alarmsOn = (namespace: string, name: string) =>
  ofType('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
    watched(alarm).some((metric) => metric.namespace === namespace && metric.name === name),
  );

describe('the packaged template', () => {
  it('throttles every route of the HTTP API stage', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    const { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst } = stage.Properties.DefaultRouteSettings;
    expect(rate).toBeGreaterThan(0);
    expect(burst).toBeGreaterThanOrEqual(rate);
    expect(stage.Properties.RouteSettings).toBeUndefined();
  });

  it('reserves concurrency for every function the API invokes, and traces every function', () => {
    const invoked = ofType('AWS::ApiGatewayV2::Integration').map(([, i]) => i.Properties.IntegrationUri['Fn::GetAtt'][0]);
    expect(invoked.length).toBeGreaterThan(0);
    for (const functionId of invoked) {
      expect(template.Resources[functionId]?.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    }
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('sends every alarm, and its recovery, to the alarm topic, whose subscriber is a stage parameter', () => {
    const [topicId] = only('AWS::SNS::Topic');
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(8);
    for (const [, alarm] of alarms) {
      // CloudFormation accepts more, CloudWatch refuses them at deploy time.
      expect(watched(alarm).length).toBeLessThanOrEqual(10);
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.AlarmDescription).toMatch(/README, Operations/);
    }
    const [, subscription] = only('AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ TopicArn: { Ref: topicId }, Endpoint: ALARM_ENDPOINT, Protocol: 'email' });
  });

  it('alarms on 5xx and INTERNAL_SERVER_ERROR rates, p99 latency, and DynamoDB throttles and system errors', () => {
    expect(alarmsOn('AWS/ApiGateway', '5xx')).toHaveLength(1);
    expect(alarmsOn('LifecycleMap', 'Faults')).toHaveLength(1);
    const latency = alarmsOn('AWS/ApiGateway', 'Latency');
    expect(latency.map(([, alarm]) => alarm.Properties.ExtendedStatistic)).toEqual(['p99']);
    const indexes: string[] = template.Resources['LifecycleTable']?.Properties.GlobalSecondaryIndexes.map(
      (index: Json) => index.IndexName,
    );
    for (const name of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      const throttled = alarmsOn('AWS/DynamoDB', name)
        .flatMap(([, alarm]) => watched(alarm))
        .filter((metric) => metric.name === name)
        .map((metric) => metric.dimensions.find((d: Json) => d.Name === 'GlobalSecondaryIndexName')?.Value ?? 'table');
      expect(throttled.sort()).toEqual(['table', ...indexes].sort());
    }
    expect(alarmsOn('AWS/DynamoDB', 'SystemErrors')).toHaveLength(1);
  });

  it('alarms on the errors and throttles of every function', () => {
    for (const [functionId] of ofType('AWS::Lambda::Function')) {
      for (const metric of ['Errors', 'Throttles']) {
        const onThisFunction = alarmsOn('AWS/Lambda', metric).filter(([, alarm]) =>
          watched(alarm).some((m) => m.dimensions.some((d: Json) => d.Name === 'FunctionName' && d.Value?.Ref === functionId)),
        );
        expect({ functionId, metric, alarms: onThisFunction.length }).toEqual({ functionId, metric, alarms: 1 });
      }
    }
  });

  it('alarms on the iterator age of every stream consumer and on the depth of every queue', () => {
    const consumers = ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties.FunctionName['Fn::GetAtt'][0]);
    expect(consumers.length).toBeGreaterThan(0);
    for (const functionId of consumers) {
      const onIt = alarmsOn('AWS/Lambda', 'IteratorAge').filter(([, alarm]) =>
        watched(alarm).some((m) => m.dimensions.some((d: Json) => d.Value?.Ref === functionId)),
      );
      expect({ functionId, alarms: onIt.length }).toEqual({ functionId, alarms: 1 });
    }
    for (const [queueId] of ofType('AWS::SQS::Queue')) {
      const onIt = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible').filter(([, alarm]) =>
        watched(alarm).some((m) => m.dimensions.some((d: Json) => d.Value?.['Fn::GetAtt']?.[0] === queueId)),
      );
      expect({ queueId, alarms: onIt.length }).toEqual({ queueId, alarms: 1 });
    }
  });

  it('has one dashboard showing every alarm', () => {
    const [, dashboard] = only('AWS::CloudWatch::Dashboard');
    const body = JSON.parse(dashboard.Properties.DashboardBody['Fn::Sub']);
    const shown = body.widgets.filter((w: Json) => w.type === 'alarm').flatMap((w: Json) => w.properties.alarms);
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([id]) => `\${${id}.Arn}`);
    expect(shown.sort()).toEqual(alarms.sort());
    expect(body.widgets.filter((w: Json) => w.type === 'metric').length).toBeGreaterThanOrEqual(10);
  });

  it('writes JSON access logs with the request ids, route, status, latency, errors and caller, and nothing personal', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const fields = JSON.parse(Format);
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      lambdaRequestId: '$context.integration.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
      sub: '$context.authorizer.claims.sub',
    });
    expect(Format).not.toMatch(/sourceIp|userAgent|body|email|name/i);
    expect(template.Resources[DestinationArn['Fn::GetAtt'][0]]?.Type).toBe('AWS::Logs::LogGroup');
  });

  it('saves the first Logs Insights queries an on-call engineer runs, on log groups of the stack', () => {
    const queries = ofType('AWS::Logs::QueryDefinition');
    expect(queries.map(([, query]) => query.Properties.Name.split('/')[1]).sort()).toEqual(
      ['faults', 'one-request', 'slowest-requests', 'throttled-and-failed-by-caller'],
    );
    for (const [, query] of queries) {
      for (const group of query.Properties.LogGroupNames) {
        expect(template.Resources[group.Ref]?.Type).toBe('AWS::Logs::LogGroup');
      }
    }
  });

  it('keeps every log group for a bounded time', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('grants no wildcard actions, DynamoDB only on the table and its indexes, its stream only to read', () => {
    const statements = [
      ...ofType('AWS::IAM::Role').flatMap(([, role]) => role.Properties.Policies ?? []),
      ...ofType('AWS::IAM::Policy').map(([, policy]) => policy.Properties),
    ].flatMap((policy: Json) => policy.PolicyDocument.Statement);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.NotAction).toBeUndefined();
      expect(statement.Effect).toBe('Allow');
      for (const action of [statement.Action].flat()) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      const actions: string[] = [statement.Action].flat();
      const resources = [statement.Resource].flat();
      if (actions.every((action) => STREAM_ACTIONS.includes(action))) {
        for (const resource of resources) expect(resource).toEqual({ 'Fn::GetAtt': ['LifecycleTable', 'StreamArn'] });
      } else if (actions.some((action) => action.startsWith('dynamodb:'))) {
        const table = { 'Fn::GetAtt': ['LifecycleTable', 'Arn'] };
        for (const resource of resources) {
          expect([table, { 'Fn::Join': ['/', [table, 'index', expect.any(String)]] }]).toContainEqual(resource);
        }
      }
    }
  });

  it('protects the table: deletion protection, point-in-time recovery, retained with the stack', () => {
    const table = template.Resources['LifecycleTable'] as Resource;
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.DeletionPolicy).toBe('Retain');
  });
});
