/**
 * Building DOM nodes from data. Text goes in through textContent and
 * attributes through setAttribute on a fixed list of names: nothing from a
 * result is ever parsed as markup, so a label like `<img onerror=...>`
 * renders literally.
 */
type Child = Node | string | null | undefined | false;

const ALLOWED_ATTRIBUTES = new Set(['class', 'id', 'title', 'role', 'tabindex', 'type', 'value', 'for',
    'aria-label', 'aria-sort', 'aria-selected', 'aria-live', 'aria-pressed', 'scope', 'colspan', 'rowspan', 'data-index', 'data-baseline', 'data-key', 'selected']);

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | number | boolean | undefined> = {},
    ...children: Child[]): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
}

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes)) {
        node.setAttribute(name, String(value));
    }
    return node;
}

function setAttributes(node: Element, attributes: Record<string, string | number | boolean | undefined>): void {
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === false) {
            continue;
        }
        if (!ALLOWED_ATTRIBUTES.has(name)) {
            throw new Error(`attribute ${name} is not allowed`);
        }
        node.setAttribute(name, value === true ? '' : String(value));
    }
}

export function append(node: Node, children: Child[]): void {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
}

export function clear(node: Node): void {
    while (node.firstChild) {
        node.removeChild(node.firstChild);
    }
}
