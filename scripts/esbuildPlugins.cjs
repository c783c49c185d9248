// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml). Each one shortens the cold
// start of the GraphQL function; bench/coldstart.ts measures it.
const { mkdirSync, readdirSync, renameSync } = require('node:fs');
const { basename, dirname, join, relative } = require('node:path');

/**
 * Moves each bundle's source map out of the build folder, so it is not zipped, to .serverless/sourcemaps/ beside
 * the artifacts: Lambda then never parses an 8 MB map at start (about 50 ms of every cold start with
 * --enable-source-maps), and `npm run stack` still turns a logged stack into source lines with it.
 */
const sourceMapsBeside = (serviceDir) => ({
  name: 'source-maps-beside-the-artifact',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const outdir = build.initialOptions.outdir;
      const entry = [build.initialOptions.entryPoints].flat()[0];
      const target = join(serviceDir, '.serverless', 'sourcemaps', dirname(relative(serviceDir, join(serviceDir, entry))));
      mkdirSync(target, { recursive: true });
      for (const name of readdirSync(outdir).filter((file) => file.endsWith('.map'))) {
        renameSync(join(outdir, name), join(target, basename(name)));
      }
    });
  },
});

/**
 * One copy of Apollo Server: our modules import it (esbuild picks its ESM build) while the Lambda integration
 * requires it (its CommonJS build), so the bundle held and ran both. Every import is resolved as a require.
 */
const oneApolloServer = {
  name: 'one-apollo-server',
  setup(build) {
    build.onResolve({ filter: /^@apollo\/server(\/|$)/ }, (args) =>
      args.kind === 'require-call'
        ? undefined
        : build.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer }),
    );
  },
};

/**
 * Leaves out modules that only plugins we disable load (src/graphql/server.ts), 200 KiB of protobuf code that
 * each cold start would otherwise read. Should one ever be loaded, it fails loudly instead of running without it.
 */
const LEFT_OUT = ['@apollo/usage-reporting-protobuf'];
const leaveOut = {
  name: 'leave-out-unused',
  setup(build) {
    const filter = new RegExp(`^(${LEFT_OUT.map((name) => name.replace(/[./]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'left-out' }));
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is left out of this bundle (scripts/esbuildPlugins.cjs)`)});`,
      loader: 'js',
    }));
  },
};

/**
 * Apollo hashes every query it receives. Its hash helper uses Node's crypto only when it can reach
 * `module.require`, which inside a bundle it never can, and otherwise sha.js, pure JavaScript and several times
 * slower: the helper is replaced with the same function on Node's crypto.
 */
const nodeCryptoForApollo = {
  name: 'node-crypto-for-apollo-hashes',
  setup(build) {
    build.onResolve({ filter: /^@apollo\/utils\.createhash$/ }, (args) => ({ path: args.path, namespace: 'node-hash' }));
    build.onLoad({ filter: /.*/, namespace: 'node-hash' }, () => ({
      contents: "const crypto = require('node:crypto'); exports.createHash = (kind) => crypto.createHash(kind);",
      loader: 'js',
    }));
  },
};

module.exports = (serverless) => [
  sourceMapsBeside(serverless.serviceDir),
  oneApolloServer,
  leaveOut,
  nodeCryptoForApollo,
];
