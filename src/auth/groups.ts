/**
 * The groups a token carries, however the claim arrived: a JSON array (a token verified here), the "[a b]" string
 * API Gateway makes of an array claim, a JSON array inside a string, or a comma- or space-separated list.
 */
export function groupsFromClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string').map((g) => g.trim());
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return groupsFromClaim(parsed);
    } catch {
      // Not JSON: API Gateway's "[a b]" form, read below.
    }
    return splitList(text.slice(1, -1));
  }
  return splitList(text);
}

function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((group) => group.trim())
    .filter((group) => group !== '');
}
