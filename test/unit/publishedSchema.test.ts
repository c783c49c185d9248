import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { executableSchema } from '../../src/graphql/schema';

describe('the published contract', () => {
  it('schema.graphql is the SDL printed from the executable schema the server runs', () => {
    const published = readFileSync(join(__dirname, '../../schema.graphql'), 'utf8');
    expect(published).toBe(printSchema(executableSchema()));
  });

  it("keeps the descriptions a frontend reads in its docs, the DateTime scalar's included", () => {
    const published = readFileSync(join(__dirname, '../../schema.graphql'), 'utf8');
    expect(published).toMatch(/"""\s*An ISO-8601 instant in UTC[^"]*"""\s*scalar DateTime/);
    expect(published).toContain('"""Satisfaction score, 1 to 10."""');
  });
});
