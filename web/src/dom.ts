type Child = Node | string | null | undefined | false;

/** A small element builder: the page is plain DOM, so a frontend team can read it without knowing a framework. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export const day = (iso: string): string => iso.slice(0, 10);

export const percent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? 'n/a' : `${Math.round(rate * 100)}%`;
