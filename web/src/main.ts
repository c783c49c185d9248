import './styles.css';
import { request, type ClientSettings } from './client';
import { customerList, failure } from './customers';
import { MapViewQuery } from './documents';
import { bandColour } from './bands';
import { day, h } from './dom';
import { funnel } from './funnel';
import { journeyView } from './journey';

declare global {
  interface Window {
    /** Written into the page by whoever serves it (`npm start`: scripts/lib/frontDoor.ts). */
    LIFECYCLE_MAP?: ClientSettings & { role?: string };
  }
}

async function main(root: HTMLElement): Promise<void> {
  const settings = window.LIFECYCLE_MAP;
  if (!settings) {
    root.replaceChildren(failure(new Error('No API settings: open this page through npm start')));
    return;
  }
  // Any map by its id (`?map=b2b`); the default map without one.
  const mapId = new URLSearchParams(window.location.search).get('map');
  const data = await request(settings, MapViewQuery, { mapId });
  if (!data.lifecycleMap) {
    root.replaceChildren(failure(new Error(`No map has the id ${mapId ?? 'default'}`)));
    return;
  }
  const bandKeys = (data.lifecycleMap?.bands ?? []).map((band) => band.key);
  const detail = h('div', { class: 'detail' });
  const journey = h('div', { class: 'detail' });
  const showJourney = (id: string) => journey.replaceChildren(journeyView(settings, bandKeys, id));
  const showStage = (stage: { key: string; name: string }) => {
    journey.replaceChildren();
    detail.replaceChildren(customerList(settings, bandKeys, stage, showJourney, mapId));
  };
  root.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, data.lifecycleMap?.name ?? 'Lifecycle map'),
      mapChoice(data.lifecycleMaps, data.lifecycleMap.id),
      h(
        'p',
        {},
        `Conversion from ${day(data.insights.from)} to ${day(data.insights.to)}, counted up to ${data.insights.asOf.slice(11, 19)} UTC · as ${settings.role ?? 'caller'}`,
      ),
      h(
        'ul',
        { class: 'legend' },
        ...(data.lifecycleMap?.bands ?? []).map((band) =>
          h('li', {}, h('span', { class: 'score', style: `background: ${bandColour(bandKeys, band.key)}` }, `${band.min}-${band.max}`), ` ${band.name}`),
        ),
      ),
    ),
    h('main', {}, funnel(data, showStage), detail, journey),
  );
}

/** Every map of the business, each a link to this page showing it; the role and other settings stay as they are. */
function mapChoice(maps: { id: string; name: string }[], shown: string): HTMLElement {
  const linkTo = (id: string) => {
    const params = new URLSearchParams(window.location.search);
    params.set('map', id);
    return `?${params.toString()}`;
  };
  return h(
    'nav',
    { class: 'maps', 'aria-label': 'Lifecycle maps' },
    ...maps.map((map) =>
      h('a', { href: linkTo(map.id), 'data-map': map.id, 'aria-current': map.id === shown ? 'page' : undefined }, map.name),
    ),
  );
}

const root = document.getElementById('app');
if (root) void main(root).catch((error: unknown) => root.replaceChildren(failure(error)));
