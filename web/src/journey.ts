import { request, type ClientSettings } from './client';
import { failure } from './customers';
import { CustomerJourneyQuery } from './documents';
import type { CustomerJourneyQuery as Journey } from './gql/graphql';
import { bandColour } from './bands';
import { day, h } from './dom';

type Customer = NonNullable<Journey['customer']>;
type Entry = { at: string; element: HTMLElement };

/** One customer's journey: its transitions (who moved it, why, by rule or by hand) and touchpoints, in time order. */
export function journeyView(settings: ClientSettings, bandKeys: string[], customerId: string): HTMLElement {
  const section = h('section', { class: 'panel', 'data-panel': 'journey' }, h('p', {}, 'Loading the journey...'));
  void request(settings, CustomerJourneyQuery, { id: customerId, first: 100 })
    .then(({ customer }) => section.replaceChildren(...(customer ? render(customer, bandKeys) : [h('p', {}, 'No such customer.')])))
    .catch((error: unknown) => section.replaceChildren(failure(error)));
  return section;
}

function render(customer: Customer, bandKeys: string[]): HTMLElement[] {
  const entries: Entry[] = [
    ...customer.journey.map((transition) => ({
      at: transition.at,
      element: h(
        'li',
        { class: 'transition', 'data-transition': transition.id },
        h('time', {}, day(transition.at)),
        h('strong', {}, transition.from ? `${transition.from.key} → ${transition.to.key}` : `Entered ${transition.to.key}`),
        h('span', { class: 'who' }, transition.automatic ? `by rule${transition.touchpoint ? ` on ${transition.touchpoint.kind}` : ''}` : `by ${transition.team ?? 'the system'}`),
        transition.reason ? h('q', {}, transition.reason) : null,
      ),
    })),
    ...customer.touchpoints.edges.map(({ node }) => ({
      at: node.occurredAt,
      element: h(
        'li',
        { class: 'touchpoint', 'data-touchpoint': node.id },
        h('time', {}, day(node.occurredAt)),
        h('span', { class: 'kind' }, `${node.kind} · ${node.team} · ${node.channel}`),
        node.score === null
          ? null
          : h('span', { class: 'score', 'data-band': node.band?.key ?? '', style: `background: ${bandColour(bandKeys, node.band?.key)}` }, String(node.score)),
        node.revenue === null ? null : h('span', { class: 'money' }, `+${node.revenue}`),
        node.cost === null ? null : h('span', { class: 'money cost' }, `-${node.cost}`),
        node.note ? h('q', {}, node.note) : null,
      ),
    })),
  ];
  // A transition a touchpoint caused happens at the same instant: show the touchpoint first.
  entries.sort((a, b) => a.at.localeCompare(b.at) || (a.element.className === 'touchpoint' ? -1 : 1));
  const parts: (HTMLElement | null)[] = [
    h(
      'h2',
      {},
      customer.name,
      ' ',
      h('small', {}, `${customer.externalId} · ${customer.stage.name} since ${day(customer.stageEnteredAt)}`),
      customer.latestScore === null
        ? null
        : h('span', { class: 'score', style: `background: ${bandColour(bandKeys, customer.band?.key)}` }, `${customer.latestScore} ${customer.band?.name ?? ''}`),
    ),
    h('ol', { class: 'timeline' }, ...entries.map((entry) => entry.element)),
    customer.touchpoints.pageInfo.hasNextPage ? h('p', { class: 'note' }, `The first ${customer.touchpoints.edges.length} touchpoints.`) : null,
  ];
  return parts.filter((element): element is HTMLElement => element !== null);
}
