// Prints a bearer token the local stack accepts: `npm run -s token -- ROLE [SUB]` (stdout: the token only).
import { ROLES, type Role } from '../src/domain/access';
import { ensureLocalKeys, signLocalToken } from './lib/localKeys';

async function main(): Promise<void> {
  const [role, sub] = process.argv.slice(2);
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`usage: npm run -s token -- ROLE [SUB]\n  ROLE: ${ROLES.join(', ')}\n`);
    process.exit(2);
  }
  const keys = await ensureLocalKeys();
  const token = await signLocalToken(keys.privateJwk, { sub: sub ?? `local-${role}`, groups: [role as Role] });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
