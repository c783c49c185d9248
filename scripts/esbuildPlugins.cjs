// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml).
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

module.exports = (serverless) => [sourceMapsBeside(serverless.serviceDir)];
