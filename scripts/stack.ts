// Turns a stack trace logged by a deployed function into source positions, with the source maps that
// `npm run package` writes beside the artifacts (.serverless/sourcemaps/): they are not shipped, so that Lambda
// never parses them at start. Usage: npm run -s stack < trace.txt   (or: npm run -s stack -- trace.txt)
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join, relative, resolve } from 'node:path';

export const SOURCE_MAPS = resolve(__dirname, '../.serverless/sourcemaps');
const MAPS = SOURCE_MAPS;
// A frame's position in a bundle, as Lambda prints it: /var/task/src/lambda.js:1:23456
const FRAME = /(?:\/var\/task\/)?((?:[\w.-]+\/)*[\w.-]+\.js):(\d+):(\d+)/g;

const maps = new Map<string, SourceMap | null>();
function mapOf(bundle: string): SourceMap | null {
  if (!maps.has(bundle)) {
    const file = join(MAPS, `${bundle}.map`);
    maps.set(bundle, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload) : null);
  }
  return maps.get(bundle) ?? null;
}

/** One line of a stack with each bundle position replaced by its source file, line, column and name. */
export function symbolicate(line: string): string {
  return line.replace(FRAME, (frame, bundle: string, row: string, column: string) => {
    const origin = mapOf(bundle)?.findOrigin(Number(row), Number(column));
    if (!origin || !('fileName' in origin)) return frame;
    const file = relative(process.cwd(), resolve(MAPS, bundle, '..', origin.fileName));
    return `${file}:${origin.lineNumber}:${origin.columnNumber}${origin.name ? ` [${origin.name}]` : ''}`;
  });
}

if (require.main === module) {
  const input = readFileSync(process.argv[2] ?? 0, 'utf8');
  process.stdout.write(input.split('\n').map(symbolicate).join('\n'));
  if (maps.size > 0 && [...maps.values()].every((map) => map === null)) {
    process.stderr.write(`No source map under ${MAPS}: run \`npm run package\` from the commit that was deployed.\n`);
  }
}
