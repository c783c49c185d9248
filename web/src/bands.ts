/** A band's colour by its place among the map's bands (lowest first): red for the lowest, green for the highest. */
export function bandColour(bandKeys: string[], key: string | null | undefined): string {
  const index = key ? bandKeys.indexOf(key) : -1;
  if (index < 0) return 'hsl(0 0% 55%)';
  const hue = bandKeys.length === 1 ? 130 : Math.round((130 * index) / (bandKeys.length - 1));
  return `hsl(${hue} 62% 40%)`;
}
