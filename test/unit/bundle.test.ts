import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');
// The plugins serverless-esbuild loads, loaded as it loads them.
const plugins = jest.requireActual(join(ROOT, 'scripts/esbuildPlugins.cjs')) as (serverless: { serviceDir: string }) => Plugin[];

/** The modules each function's bundle holds, bundled as `npm run package` does (minus writing and zipping). */
async function bundledInputs(handler: string): Promise<string[]> {
  const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.ts`;
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    write: false,
    outdir: join(ROOT, '.esbuild', 'test'),
    metafile: true,
    logLevel: 'silent',
    // The source-map plugin moves written files; nothing is written here.
    plugins: plugins({ serviceDir: ROOT }).filter((plugin) => plugin.name !== 'source-maps-beside-the-artifact'),
  });
  return Object.keys((result.metafile as Metafile).inputs);
}

const functions = (
  parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' }) as { functions: Record<string, { handler: string }> }
).functions;

describe('the bundles', () => {
  it('hold one copy of Apollo Server, hash with Node crypto, and leave out the protobuf code only disabled plugins use', async () => {
    const inputs = await bundledInputs(functions['graphql']?.handler ?? '');
    expect(inputs.filter((file) => file.includes('@apollo/server/dist/cjs/')).length).toBeGreaterThan(0);
    expect(inputs.filter((file) => file.includes('@apollo/server/dist/esm/'))).toEqual([]);
    expect(inputs.filter((file) => /node_modules\/(@apollo\/usage-reporting-protobuf|sha\.js)\//.test(file))).toEqual([]);
  }, 60_000);

  it('keep Apollo and graphql to the GraphQL function', async () => {
    const loadsGraphQL: Record<string, boolean> = {};
    for (const [name, { handler }] of Object.entries(functions)) {
      loadsGraphQL[name] = (await bundledInputs(handler)).some((file) => /node_modules\/(graphql|@apollo)\//.test(file));
    }
    expect(loadsGraphQL).toEqual(Object.fromEntries(Object.keys(functions).map((name) => [name, name === 'graphql'])));
  }, 60_000);
});
