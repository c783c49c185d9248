import type { MapViewQuery } from './gql/graphql';
import { h, percent } from './dom';

type Stage = NonNullable<MapViewQuery['lifecycleMap']>['stages'][number];
type Conversion = MapViewQuery['insights']['conversion'][number];

/**
 * The map as a funnel: path stages in map order, each as wide as its share of the largest stage, with this
 * window's conversion to the next stage between them; off-path stages apart, below.
 */
export function funnel(data: MapViewQuery, onStage: (stage: Stage) => void): HTMLElement {
  const stages = [...(data.lifecycleMap?.stages ?? [])].sort((a, b) => a.position - b.position);
  const largest = Math.max(1, ...stages.map((stage) => stage.customerCount));
  const conversionOf = new Map<string, Conversion>(data.insights.conversion.map((c) => [c.stage.key, c]));
  const card = (stage: Stage) => {
    const button = h(
      'button',
      {
        class: 'stage',
        'data-stage': stage.key,
        'data-count': stage.customerCount,
        style: `--share: ${Math.max(0.18, stage.customerCount / largest)}`,
        title: `Show the customers standing in ${stage.name}`,
      },
      h('span', { class: 'stage-name' }, stage.name),
      h('span', { class: 'stage-count' }, String(stage.customerCount)),
      h('span', { class: 'stage-owner' }, stage.ownerTeam ?? ''),
    );
    button.addEventListener('click', () => onStage(stage));
    return button;
  };
  const path = stages.filter((stage) => !stage.offPath);
  const offPath = stages.filter((stage) => stage.offPath);
  const rows: HTMLElement[] = [];
  for (const stage of path) {
    rows.push(card(stage));
    const conversion = conversionOf.get(stage.key);
    if (conversion) {
      rows.push(
        h(
          'div',
          { class: 'conversion', 'data-conversion': stage.key },
          `${percent(conversion.rate)} moved on to ${conversion.next.key} `,
          h('small', {}, `(${conversion.movedOn} of ${conversion.entered} who entered)`),
        ),
      );
    }
  }
  return h(
    'section',
    { class: 'funnel', 'aria-label': 'Lifecycle map' },
    h('div', { class: 'path' }, ...rows),
    h('div', { class: 'off-path' }, h('h3', {}, 'Off the path'), ...offPath.map(card)),
  );
}
