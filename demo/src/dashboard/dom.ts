/**
 * A tiny element builder. Text always goes in through `textContent` (customer comments are data,
 * never markup) and attributes through `setAttribute`; no `innerHTML`, no inline styles — the
 * dashboard runs under a CSP without 'unsafe-inline'.
 */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Looks up an element the page must contain; a missing one is a bug in dashboard.html. */
export function required<T extends Element>(selector: string, root: ParentNode = document): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`dashboard.html has no ${selector}`);
  return element;
}
