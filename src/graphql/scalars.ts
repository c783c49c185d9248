import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// An instant with a date, a time and an offset: "2026-11-22T09:30:00Z", "2026-11-22T10:30:00.5+01:00".
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time with an offset, e.g. 2026-11-22T09:30:00Z', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return new Date(value).toISOString();
}

/** ISO-8601 instants; inputs with any offset are normalized to UTC. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  // Here rather than in schema/: the resolver's scalar replaces the SDL's, description included.
  description: 'An ISO-8601 instant in UTC, e.g. 2026-11-22T09:30:00.000Z. Inputs accept any offset and are stored in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
});
