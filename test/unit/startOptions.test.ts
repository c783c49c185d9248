import { UsageError, parseStartOptions } from '../../scripts/lib/options';

const parse = (argv: string[], env: Record<string, string> = {}) => parseStartOptions(argv, env, '/work/consumer');

describe('npm start options', () => {
  it('defaults to port 3000, DynamoDB Local on 8000, kept data, demo customers and no seed file', () => {
    expect(parse([])).toEqual({ port: 3000, dynamodbPort: 8000, fresh: false, demo: true, seedFile: undefined });
  });

  it('reads each flag', () => {
    expect(parse(['--port', '4100', '--dynamodb-port', '0', '--fresh', '--no-demo', '--seed', 'fixtures/ci.json'])).toEqual({
      port: 4100,
      dynamodbPort: 0,
      fresh: true,
      demo: false,
      seedFile: '/work/consumer/fixtures/ci.json',
    });
    expect(parse(['--port=4200']).port).toBe(4200);
  });

  it('reads the same options from the environment', () => {
    const env = {
      LIFECYCLE_MAP_PORT: '4300',
      LIFECYCLE_MAP_DYNAMODB_PORT: '4301',
      LIFECYCLE_MAP_FRESH: '1',
      LIFECYCLE_MAP_NO_DEMO: 'true',
      LIFECYCLE_MAP_SEED: '/abs/seed.json',
    };
    expect(parse([], env)).toEqual({ port: 4300, dynamodbPort: 4301, fresh: true, demo: false, seedFile: '/abs/seed.json' });
    expect(parse([], { DYNAMODB_LOCAL_PORT: '8123' }).dynamodbPort).toBe(8123);
    expect(parse([], { LIFECYCLE_MAP_FRESH: 'no', LIFECYCLE_MAP_NO_DEMO: '0' })).toMatchObject({ fresh: false, demo: true });
  });

  it('lets a flag win over the environment', () => {
    expect(parse(['--port', '4400'], { LIFECYCLE_MAP_PORT: '4300' }).port).toBe(4400);
    expect(parse(['--seed', 'a.json'], { LIFECYCLE_MAP_SEED: 'b.json' }).seedFile).toBe('/work/consumer/a.json');
  });

  it.each([
    [['--port', 'http'], /--port must be a port/],
    [['--port', '70000'], /--port must be a port/],
    [['--dynamodb-port', '-1'], /--dynamodb-port/],
    [['--demo'], /Unknown option '--demo'/],
    [['--seed'], /argument missing/],
    [['extra'], /positional argument/],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('refuses an environment flag that is neither yes nor no', () => {
    expect(() => parse([], { LIFECYCLE_MAP_FRESH: 'maybe' })).toThrow(/LIFECYCLE_MAP_FRESH must be 1 or 0/);
  });
});
