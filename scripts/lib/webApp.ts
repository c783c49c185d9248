import { join } from 'node:path';
import { build } from 'esbuild';

export interface WebAppBundle {
  js: string;
  css: string;
}

const WEB_DIR = join(__dirname, '../../web');

/** Builds the map view (web/src/main.ts) with esbuild into memory: one script and one style sheet. */
export async function buildWebApp(): Promise<WebAppBundle> {
  const result = await build({
    entryPoints: [join(WEB_DIR, 'src/main.ts')],
    bundle: true,
    write: false,
    outdir: join(WEB_DIR, 'dist'),
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const text = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}

export interface WebAppSettings {
  endpoint: string;
  token: string;
  role: string;
}

/** The page that loads the map view, with the API's address and a development token written in. */
export function webAppPage(settings: WebAppSettings): string {
  // The settings go into a script element: escape "<" so no value can close it.
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Lifecycle map</title>
    <link rel="stylesheet" href="/app.css" />
  </head>
  <body>
    <div id="app">Loading the map...</div>
    <script>window.LIFECYCLE_MAP = ${json};</script>
    <script src="/app.js"></script>
  </body>
</html>
`;
}
