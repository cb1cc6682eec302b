/**
 * A tiny element builder for the inspector's views. Text goes in as text nodes, never as HTML:
 * everything shown comes from captured bytes, which anyone could have written.
 */
export type Child = Node | string | number | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** `h('td', { class: 'x', 'aria-label': '…' }, 'text', child)`: true → empty attribute; false/null/undefined → none. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes !== null) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === true) element.setAttribute(name, '');
      else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (strings as text). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

let counter = 0;

/** A document-unique id for aria-describedby / aria-labelledby pairs. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
