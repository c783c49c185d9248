import { readFile } from 'node:fs/promises';
import { badInput } from '../../src/domain/errors';
import { parseFixture, type Fixture } from './fixture';

/** LOCAL ONLY. The fixture of `npm start --seed FILE`, read afresh each time so an edited file takes at the next reset. */
export async function readFixtureFile(path: string): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw badInput('fixture', `The seed file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw badInput('fixture', `The seed file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseFixture(document);
}
