/** One console argument as the panel shows it: text, never HTML, plus a kind for styling. */
export interface SerializedValue {
  kind: 'string' | 'number' | 'boolean' | 'nullish' | 'object' | 'error' | 'function' | 'binary' | 'event';
  text: string;
}

/**
 * A learner's file that runs as an inline module script of the frame's document (sandbox-document.ts):
 * its line 1 is the document's line `firstLine`, and it has `lines` lines. Errors and stack frames
 * there name the document (about:srcdoc) and its lines; this maps them back.
 */
export interface InlineModule {
  file: string;
  firstLine: number;
  lines: number;
}

/**
 * Turns any value a learner logs into a short, DevTools-like preview. It runs inside the sandboxed
 * frame, where it is inlined with `Function.prototype.toString`, so it must stay self-contained: no
 * imports, no references to anything outside its own body. `modules`: the document's inline module
 * scripts, whose stack frames are shown as file:line:column.
 */
export function serializeValue(value: unknown, topLevel = true, modules: readonly InlineModule[] = []): SerializedValue {
  const MAX_TEXT = 10_000;
  const MAX_ITEMS = 50;
  const MAX_BYTES = 32;
  const seen = new WeakSet<object>();
  const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

  const clip = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT}자 생략)` : text);
  const hex = (bytes: Uint8Array): string => {
    const shown = Array.from(bytes.subarray(0, MAX_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return bytes.length > MAX_BYTES ? `${shown} …` : shown;
  };
  const tagOf = (v: object): string => Object.prototype.toString.call(v).slice(8, -1);
  const ctorName = (v: object): string => {
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    return proto?.constructor?.name ?? '';
  };
  /**
   * Stack frames name the learner's files by their module URLs (see fileUrl), or the document and its
   * line when the file runs inline; show file:line:column instead.
   */
  const cleanStack = (stack: string): string =>
    stack
      .replace(/about:srcdoc:(\d+):(\d+)/g, (all, line: string, column: string) => {
        const at = Number(line);
        const module = modules.find((m) => at >= m.firstLine && at < m.firstLine + m.lines);
        return module ? `${module.file}:${at - module.firstLine + 1}:${column}` : all;
      })
      .replace(/data:text\/javascript;charset=utf-8;pgfile=([^,]+),\S*?:(\d+):(\d+)/g, (_all, name: string, line: string, column: string) => {
        let file = name;
        try {
          file = decodeURIComponent(name);
        } catch {
          // Keep the encoded name.
        }
        return `${file}:${line}:${column}`;
      })
      .replace(/data:text\/javascript\S*?:(\d+):(\d+)/g, '(놀이터 내부):$1:$2');
  const fields = (name: string, entries: Array<[string, unknown]>, depth: number): string =>
    `${name} { ${entries.map(([key, v]) => `${key}: ${show(v, depth + 1)}`).join(', ')} }`;

  function show(v: unknown, depth: number): string {
    if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
    if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'function') return `ƒ ${v.name || '(익명)'}()`;
    const obj = v as object;
    if (seen.has(obj)) return '[순환 참조]';
    if (v instanceof Error) return depth === 0 && v.stack && v.stack.includes(v.message) ? cleanStack(v.stack) : `${v.name}: ${v.message}`;
    if (v instanceof ArrayBuffer) return `ArrayBuffer(${v.byteLength}) [${hex(new Uint8Array(v))}]`;
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (v instanceof DataView) return `DataView(${v.byteLength}) [${hex(bytes)}]`;
      const items = Array.from(v as unknown as ArrayLike<number | bigint>).slice(0, MAX_ITEMS).map(String);
      const length = (v as unknown as ArrayLike<unknown>).length;
      return `${ctorName(obj) || tagOf(obj)}(${length}) [${items.join(', ')}${length > MAX_ITEMS ? ', …' : ''}]`;
    }
    if (typeof Blob !== 'undefined' && v instanceof Blob) return `${ctorName(obj) || 'Blob'} { size: ${v.size}, type: ${JSON.stringify(v.type)} }`;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (typeof WebSocket !== 'undefined' && v instanceof WebSocket) {
      if (depth > 0) return `WebSocket { url: ${JSON.stringify(v.url)}, readyState: ${v.readyState} (${READY_STATES[v.readyState] ?? '?'}) }`;
      return `WebSocket { url: ${JSON.stringify(v.url)}, readyState: ${v.readyState} (${READY_STATES[v.readyState] ?? '?'}), protocol: ${JSON.stringify(v.protocol)}, extensions: ${JSON.stringify(v.extensions)}, binaryType: ${JSON.stringify(v.binaryType)}, bufferedAmount: ${v.bufferedAmount} }`;
    }
    if (typeof Event !== 'undefined' && v instanceof Event) {
      const entries: Array<[string, unknown]> = [['type', v.type]];
      if (typeof CloseEvent !== 'undefined' && v instanceof CloseEvent) entries.push(['code', v.code], ['reason', v.reason], ['wasClean', v.wasClean]);
      if (typeof MessageEvent !== 'undefined' && v instanceof MessageEvent) entries.push(['data', v.data], ['origin', v.origin]);
      if (typeof ErrorEvent !== 'undefined' && v instanceof ErrorEvent) entries.push(['message', v.message]);
      if (v.target && typeof WebSocket !== 'undefined' && v.target instanceof WebSocket) entries.push(['target', v.target]);
      return fields(ctorName(obj) || 'Event', entries, depth);
    }
    if (typeof Node !== 'undefined' && v instanceof Node) {
      if (v instanceof Element) return `<${v.tagName.toLowerCase()}${v.id ? `#${v.id}` : ''}>`;
      return `#${v.nodeName}`;
    }
    if (depth >= 3) return Array.isArray(v) ? `Array(${v.length})` : `${ctorName(obj) || 'Object'} {…}`;
    seen.add(obj);
    try {
      if (Array.isArray(v)) {
        const items = v.slice(0, MAX_ITEMS).map((item) => show(item, depth + 1));
        return `[${items.join(', ')}${v.length > MAX_ITEMS ? `, … (${v.length - MAX_ITEMS}개 더)` : ''}]`;
      }
      if (v instanceof Map) {
        const items = [...v].slice(0, MAX_ITEMS).map(([key, item]) => `${show(key, depth + 1)} => ${show(item, depth + 1)}`);
        return `Map(${v.size}) { ${items.join(', ')} }`;
      }
      if (v instanceof Set) return `Set(${v.size}) { ${[...v].slice(0, MAX_ITEMS).map((item) => show(item, depth + 1)).join(', ')} }`;
      const keys = Object.keys(obj);
      const name = ctorName(obj);
      const prefix = name && name !== 'Object' ? `${name} ` : '';
      const body = keys.slice(0, MAX_ITEMS).map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${show((obj as Record<string, unknown>)[key], depth + 1)}`);
      if (keys.length > MAX_ITEMS) body.push('…');
      return body.length === 0 ? `${prefix}{}` : `${prefix}{ ${body.join(', ')} }`;
    } catch (error) {
      return `[미리 볼 수 없는 값: ${(error as Error).message}]`;
    } finally {
      seen.delete(obj);
    }
  }

  const kind: SerializedValue['kind'] =
    typeof value === 'string' ? 'string'
    : typeof value === 'number' || typeof value === 'bigint' ? 'number'
    : typeof value === 'boolean' ? 'boolean'
    : value === null || value === undefined ? 'nullish'
    : typeof value === 'function' ? 'function'
    : value instanceof Error ? 'error'
    : value instanceof ArrayBuffer || ArrayBuffer.isView(value) || (typeof Blob !== 'undefined' && value instanceof Blob) ? 'binary'
    : typeof Event !== 'undefined' && value instanceof Event ? 'event'
    : 'object';
  let text: string;
  try {
    text = show(value, topLevel ? 0 : 1);
  } catch (error) {
    text = `[미리 볼 수 없는 값: ${(error as Error).message}]`;
  }
  return { kind, text: clip(text) };
}
