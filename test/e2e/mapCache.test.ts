import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { MAP_CACHE_DEFAULTS } from '../../src/app/mapCache';
import { startApi, type TestApi } from '../support/api';
import { noteSdkCommands } from '../support/sdkCommands';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

/** The HTTP requests (to DynamoDB) that one GraphQL request sends. */
async function requestsOf(send: () => Promise<unknown>): Promise<number> {
  let requests = 0;
  const count = () => requests++;
  subscribe('http.client.request.start', count);
  try {
    await send();
  } finally {
    unsubscribe('http.client.request.start', count);
  }
  return requests;
}

const MAP_QUERY = '{ lifecycleMap { name stages { key customerCount } } }';

describe('the map on the read path', () => {
  it('costs a warm map query one DynamoDB request: the counters; the map comes from the container', async () => {
    expect(await requestsOf(() => api.graphql(MAP_QUERY))).toBe(2);
    const warm = await requestsOf(async () => {
      const response = await api.graphql(MAP_QUERY);
      expect(response.json.data.lifecycleMap.stages).toHaveLength(DEFAULT_MAP.stages.length);
    });
    expect(warm).toBe(1);
  });

  it('shows a changed map once the window has passed, and checks only its version until then', async () => {
    await api.graphql(MAP_QUERY);
    await api.table.store.putMap({ ...DEFAULT_MAP, name: 'Renamed', version: DEFAULT_MAP.version + 1 });

    api.table.clock.advance(MAP_CACHE_DEFAULTS.revalidateAfterMs - 1);
    expect((await api.graphql(MAP_QUERY)).json.data.lifecycleMap.name).toBe(DEFAULT_MAP.name);

    api.table.clock.advance(1);
    let response: Awaited<ReturnType<TestApi['graphql']>> | undefined;
    // The version read, the new map, the counters.
    expect(await requestsOf(async () => (response = await api.graphql(MAP_QUERY)))).toBe(3);
    expect(response?.json.data.lifecycleMap.name).toBe('Renamed');

    api.table.clock.advance(MAP_CACHE_DEFAULTS.revalidateAfterMs);
    // Unchanged since: the version read and the counters.
    expect(await requestsOf(() => api.graphql(MAP_QUERY))).toBe(2);
  });
});

describe('a container primed with the default map', () => {
  it('answers its first map query with the counters alone: the map was read while it started', async () => {
    const commands = noteSdkCommands();
    try {
      const primed = await startApi({}, { primeMapIds: [DEFAULT_MAP.id] });
      commands.sent.length = 0;
      const response = await primed.graphql(MAP_QUERY);
      expect(response.json.data.lifecycleMap.stages).toHaveLength(DEFAULT_MAP.stages.length);
      expect(commands.sent.map(({ name }) => name)).toEqual(['BatchGet']);
    } finally {
      commands.restore();
    }
  });
});
