import { ROLES, type Role } from '../../src/domain/access';

export interface ReadyLine {
  ready: true;
  url: string;
  adminToken: string;
  /** A token per role, each valid 12 hours. */
  tokens: Record<Role, string>;
  dynamodbEndpoint: string;
  tableName: string;
  /** External id -> id of each customer seeded at this start (demo and fixture). */
  customers: Record<string, string>;
}

/** The one line on stdout: a test runner waits for it and reads the URL and tokens from it. */
export function readyLine(line: ReadyLine): string {
  return `${JSON.stringify(line)}\n`;
}

/** The banner for people, on stderr. */
export function banner(line: ReadyLine, notes: string[]): string {
  return [
    '',
    `Lifecycle Map is running: POST ${line.url}`,
    ...notes.map((note) => `  ${note}`),
    '',
    `A development token (role admin, valid 12 hours; other roles: npm run -s token -- ${ROLES.filter((role) => role !== 'admin').join('|')}):`,
    line.adminToken,
    '',
    'Try:',
    `  curl -s ${line.url} -H 'content-type: application/json' \\`,
    `    -H "authorization: Bearer $(npm run -s token -- viewer)" \\`,
    `    -d '{"query":"{ lifecycleMap { stages { key customerCount } } }"}'`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
