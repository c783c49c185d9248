import { request, type ClientSettings } from './client';
import { StageCustomersQuery } from './documents';
import { bandColour } from './bands';
import { day, h } from './dom';

export const PAGE_SIZE = 10;

/** The customers standing in a stage, oldest entry first, a page at a time. */
export function customerList(
  settings: ClientSettings,
  bandKeys: string[],
  stage: { key: string; name: string },
  onCustomer: (id: string) => void,
  mapId: string | null = null,
): HTMLElement {
  const list = h('ol', { class: 'customers' });
  const more = h('button', { class: 'more', hidden: 'hidden' }, 'More customers');
  const total = h('span', { class: 'total' });
  const section = h('section', { class: 'panel', 'data-panel': 'customers' }, h('h2', {}, stage.name, ' ', total), list, more);
  let after: string | null = null;

  const load = async () => {
    more.setAttribute('disabled', 'disabled');
    const { customers } = await request(settings, StageCustomersQuery, { mapId, stage: stage.key, first: PAGE_SIZE, after });
    total.textContent = `${customers.totalCount} customers`;
    for (const { node } of customers.edges) {
      const item = h(
        'li',
        {},
        h(
          'button',
          { class: 'customer', 'data-customer': node.id },
          h('span', { class: 'name' }, node.name),
          h('span', { class: 'since' }, `since ${day(node.stageEnteredAt)}`),
          node.latestScore === null
            ? null
            : h('span', { class: 'score', style: `background: ${bandColour(bandKeys, node.band?.key)}` }, String(node.latestScore)),
        ),
      );
      item.querySelector('button')?.addEventListener('click', () => onCustomer(node.id));
      list.append(item);
    }
    after = customers.pageInfo.endCursor;
    more.removeAttribute('disabled');
    if (customers.pageInfo.hasNextPage) more.removeAttribute('hidden');
    else more.setAttribute('hidden', 'hidden');
  };
  more.addEventListener('click', () => void load().catch((error: unknown) => section.append(failure(error))));
  void load().catch((error: unknown) => section.append(failure(error)));
  return section;
}

export function failure(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}
