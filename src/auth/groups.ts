/**
 * The groups a verified token carries. Group names are compared whole and exactly, never split: a group named
 * "partners,admin" or "Not Admin" is that one group, not admin. The claim is a JSON array (Cognito) or, from an
 * identity provider that sends one group, a single name; a string holding a JSON array is read as that array.
 */
export function groupsFromClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  if (typeof claim !== 'string' || claim === '') return [];
  if (claim.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(claim);
      return Array.isArray(parsed) ? groupsFromClaim(parsed) : [];
    } catch {
      // Not JSON (API Gateway's "[a b]" rendering of an array): ambiguous, so it grants nothing.
      return [];
    }
  }
  return [claim];
}
