// Writes schema.graphql, the published contract, from the executable schema (`npm run codegen` runs it);
// with --check it only compares and fails on drift (`npm test` runs that).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { executableSchema } from '../src/graphql/schema';

const file = join(__dirname, '../schema.graphql');
const printed = printSchema(executableSchema());

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // A missing file is drift too.
  }
  if (current !== printed) {
    process.stderr.write('schema.graphql is not the printed executable schema: run `npm run codegen` and commit it\n');
    process.exit(1);
  }
} else {
  writeFileSync(file, printed);
}
