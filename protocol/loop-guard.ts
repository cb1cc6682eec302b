import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';

/** The global the bridge defines (sandbox-bridge.ts) and every guarded loop calls on each turn. */
export const LOOP_GUARD = '__pgLoop';

/**
 * How long one task may keep looping before the guard stops it. Below the runner's watchdog
 * (UNRESPONSIVE_MS, 1 s), so the guard's precise message (file and line) wins the race, and the
 * run goes on: only the loop is stopped, not the frame.
 */
export const LOOP_LIMIT_MS = 750;

type LoopNode = Node & { body: Node };

/**
 * Adds a call to the loop guard at the start of every loop body (while, do…while, for, for…in,
 * for…of), so an endless loop throws after LOOP_LIMIT_MS instead of freezing the frame. Browsers
 * that run a sandboxed frame in its own process (Chromium, Firefox) are protected by the
 * watchdog anyway; Safari and iOS run it on the page's thread, where this is the only way back.
 *
 * Nothing else moves: insertions never add a line, so errors keep the learner's line numbers.
 * Code that does not parse is returned unchanged, for the browser to report its syntax error.
 */
export function guardLoops(code: string, sourceType: 'module' | 'script' = 'module'): string {
  // No loop keyword anywhere (not even in a string or comment): nothing to guard, and no parse.
  if (!/\b(?:for|while|do)\b/.test(code)) return code;
  let ast: Node;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowAwaitOutsideFunction: true, allowReturnOutsideFunction: sourceType === 'script' });
  } catch {
    return code;
  }
  const inserts: Array<{ at: number; text: string; order: number }> = [];
  const call = `${LOOP_GUARD}();`;
  const guard = (node: Node) => {
    const body = (node as LoopNode).body;
    if (body.type === 'BlockStatement') {
      inserts.push({ at: body.start + 1, text: call, order: 0 });
    } else {
      inserts.push({ at: body.start, text: `{${call}`, order: 0 });
      inserts.push({ at: body.end, text: '}', order: 1 });
    }
  };
  simple(ast, { WhileStatement: guard, DoWhileStatement: guard, ForStatement: guard, ForInStatement: guard, ForOfStatement: guard });
  if (inserts.length === 0) return code;
  // In one pass, front to back (inserting into the whole string once per loop was quadratic: a 128 KB script of
  // 16,000 loops took 5.6 s, a 1 MiB page through the proxy minutes). At one offset a closing brace goes before an
  // opening one (`while (a) x; while (b) y;` never shares one, but `}` then `{` is right).
  inserts.sort((a, b) => a.at - b.at || b.order - a.order);
  const parts: string[] = [];
  let from = 0;
  for (const { at, text } of inserts) {
    parts.push(code.slice(from, at), text);
    from = at;
  }
  parts.push(code.slice(from));
  return parts.join('');
}

/**
 * Guards the loops of the inline scripts of an HTML page (scripts with a `src` are guarded as
 * files). Classic and module scripts; JSON, import maps and other types are left alone.
 */
export function guardPageScripts(html: string): string {
  return html.replace(/(<script\b([^>]*)>)([\s\S]*?)(<\/script\s*>)/gi, (whole, open: string, attributes: string, body: string, close: string) => {
    if (/\bsrc\s*=/i.test(attributes)) return whole;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
    if (type === 'module') return open + guardLoops(body, 'module') + close;
    if (type === '' || type === 'text/javascript' || type === 'application/javascript') return open + guardLoops(body, 'script') + close;
    return whole;
  });
}

/**
 * The guard itself, installed by the bridge in the frame. Self-contained (it is inlined with
 * `Function.prototype.toString`). A task is timed from the first check in it; a zero-delay timer,
 * which runs only once the task (and its microtasks) ended, starts the next one afresh. Time is
 * read every 128 turns, so a guarded loop costs a call and an increment.
 */
export function installLoopGuard(name: string, limitMs: number, message: string): void {
  let turns = 0;
  let taskStart = -1;
  const guard = () => {
    if ((++turns & 127) !== 0) return;
    const now = performance.now();
    if (taskStart < 0) {
      taskStart = now;
      setTimeout(() => {
        taskStart = -1;
      }, 0);
    } else if (now - taskStart > limitMs) {
      throw new RangeError(message);
    }
  };
  Object.defineProperty(globalThis, name, { value: guard, writable: false, configurable: false, enumerable: false });
}
