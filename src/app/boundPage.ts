import type { Page } from '../store/lifecycleStore';
import { openCursor, sealCursor, type CursorBinding } from '../store/cursor';
import type { Services } from './services';

/**
 * Reads a page of a list whose cursors are signed to the list, its map (or customer) and its arguments: the
 * incoming `after` must carry this binding's signature, and every outgoing cursor gets it.
 */
export async function boundPage<T>(
  services: Pick<Services, 'cursorSecret'>,
  binding: CursorBinding,
  after: string | null | undefined,
  read: (position: string | null) => Promise<Page<T>>,
): Promise<Page<T>> {
  const page = await read(openCursor(services.cursorSecret, binding, after));
  return {
    ...page,
    nodes: page.nodes.map((edge) => ({ ...edge, cursor: sealCursor(services.cursorSecret, binding, edge.cursor) })),
  };
}
