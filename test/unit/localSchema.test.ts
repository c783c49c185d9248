import { buildSchema, isObjectType } from 'graphql';
import { typeDefs as localTypeDefs } from '../../src/graphql/generated/localTypeDefs';
import { typeDefs } from '../../src/graphql/generated/typeDefs';
import { localResolvers, resolvers } from '../../src/graphql/resolvers';

const LOCAL_FIELDS = ['localClock', 'resetLocalData', 'setLocalClock', 'advanceLocalClock', 'resetLocalClock'];

function fieldsOf(sdl: string): string[] {
  const schema = buildSchema(sdl);
  return [schema.getQueryType(), schema.getMutationType()].flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()) : []));
}

describe('the local schema', () => {
  it('is absent from the schema deployed stages serve, and from their resolvers', () => {
    const deployed = fieldsOf(typeDefs);
    const served = Object.keys({ ...resolvers.Query, ...resolvers.Mutation });
    for (const field of LOCAL_FIELDS) {
      expect(deployed).not.toContain(field);
      expect(served).not.toContain(field);
    }
    expect(typeDefs).not.toMatch(/LocalClock|LocalDataReset/);
    expect(resolvers).not.toHaveProperty('LocalDataReset');
  });

  it('extends it with the clock and reset for the local stack', () => {
    expect(fieldsOf(`${typeDefs}\n${localTypeDefs}`)).toEqual(expect.arrayContaining(LOCAL_FIELDS));
    expect(Object.keys({ ...localResolvers.Query, ...localResolvers.Mutation })).toEqual(expect.arrayContaining(LOCAL_FIELDS));
  });
});
