import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { guardLoops, guardPageScripts, installLoopGuard, LOOP_GUARD } from '../../../protocol/loop-guard.ts';

const G = `${LOOP_GUARD}();`;

/** Runs guarded code in a fresh realm with the guard installed (limit in ms); returns what it returned or threw. */
function run(code: string, limitMs: number, sourceType: 'script' | 'module' = 'script'): { value?: unknown; error?: string } {
  const guarded = guardLoops(code, sourceType);
  const context = { performance, setTimeout, result: undefined as unknown };
  try {
    runInNewContext(`(${installLoopGuard.toString()})(${JSON.stringify(LOOP_GUARD)}, ${limitMs}, "멈춤");\nresult = (() => {${guarded}\n})();`, context, { timeout: 30_000 });
    return { value: context.result };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe('guardLoops: where the guard goes', () => {
  it.each([
    ['while', 'while (x) { a(); }', `while (x) {${G} a(); }`],
    ['do…while', 'do { a(); } while (x);', `do {${G} a(); } while (x);`],
    ['for', 'for (let i = 0; i < n; i++) { a(i); }', `for (let i = 0; i < n; i++) {${G} a(i); }`],
    ['for…in', 'for (const k in o) { a(k); }', `for (const k in o) {${G} a(k); }`],
    ['for…of', 'for (const v of list) { a(v); }', `for (const v of list) {${G} a(v); }`],
    ['for await…of', 'for await (const v of list) { a(v); }', `for await (const v of list) {${G} a(v); }`],
    ['a body without braces', 'while (x) a();', `while (x) {${G}a();}`],
    ['an empty body', 'for (;;);', `for (;;){${G};}`],
    ['nested loops without braces', 'while (a) while (b) c();', `while (a) {${G}while (b) {${G}c();}}`],
    ['a labelled loop, continue to the label', 'outer: for (;;) { for (;;) { continue outer; } }', `outer: for (;;) {${G} for (;;) {${G} continue outer; } }`],
    ['loops inside functions, arrows and classes', 'class A { m() { while (1) {} } }\nconst f = () => { do {} while (0); };', `class A { m() { while (1) {${G}} } }\nconst f = () => { do {${G}} while (0); };`],
  ])('%s', (_name, code, expected) => {
    expect(guardLoops(code)).toBe(expected);
  });

  it('leaves code without loops, and code that does not parse, exactly as it was', () => {
    expect(guardLoops('const socket = new WebSocket("ws://example.com");')).toBe('const socket = new WebSocket("ws://example.com");');
    expect(guardLoops('while (true) {\n  let = ;\n}')).toBe('while (true) {\n  let = ;\n}');
  });

  it('parses what lessons use: imports, top-level await, private fields, optional chaining', () => {
    const code = 'import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";\nawait 0;\nclass C { #n = 0; go() { while (this.#n++ < 3) {} } }\nfor (const x of a?.b ?? []) {}';
    expect(guardLoops(code)).not.toBe(code);
    expect(() => parse(guardLoops(code), { ecmaVersion: 'latest', sourceType: 'module' })).not.toThrow();
  });

  it('never adds or moves a line, and what it writes always parses (property)', () => {
    const loop = fc.constantFrom('while (i++ < 3) x();', 'do { x(); } while (i++ < 3);', 'for (;i < 3; i++) {}', 'for (const k in o) x(k);', 'for (const v of [1]) ;', 'if (a) { b(); }', '(function () { while (0) ; return 1; })();', 'label: for (;;) break label;');
    fc.assert(
      fc.property(fc.array(fc.tuple(loop, fc.constantFrom('\n', ' ', '\n\n')), { maxLength: 12 }), (parts) => {
        const code = parts.map(([statement, gap]) => statement + gap).join('');
        const guarded = guardLoops(code);
        expect(guarded.split('\n').length).toBe(code.split('\n').length);
        expect(() => parse(guarded, { ecmaVersion: 'latest', sourceType: 'module' })).not.toThrow();
      }),
    );
  });
});

describe('guardPageScripts', () => {
  it('guards inline classic and module scripts, not linked ones, JSON or import maps', () => {
    const html = [
      '<script>while (a) {}</script>',
      '<script type="module">for (;;) {}</script>',
      '<script src="client.js">while (a) {}</script>',
      '<script type="importmap">{"imports":{}}</script>',
      '<script type="application/json">[1]</script>',
    ].join('\n');
    expect(guardPageScripts(html).split('\n')).toEqual([
      `<script>while (a) {${G}}</script>`,
      `<script type="module">for (;;) {${G}}</script>`,
      '<script src="client.js">while (a) {}</script>',
      '<script type="importmap">{"imports":{}}</script>',
      '<script type="application/json">[1]</script>',
    ]);
  });
});

describe('the guard at run time', () => {
  it('stops an endless loop with its message, soon after the limit', () => {
    const started = performance.now();
    expect(run('while (true) {}', 100)).toEqual({ error: 'RangeError: 멈춤' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stops endless for, do…while and for…of loops too, and one that catches errors inside its body', () => {
    expect(run('for (;;) {}', 50).error).toBe('RangeError: 멈춤');
    expect(run('do {} while (1);', 50).error).toBe('RangeError: 멈춤');
    expect(run('function* g() { for (;;) yield 1; }\nfor (const x of g()) {}', 50).error).toBe('RangeError: 멈춤');
    expect(run('while (true) { try { JSON.parse("{"); } catch {} }', 50).error).toBe('RangeError: 멈춤');
  });

  it('lets a long but finite loop finish with the right answer', () => {
    expect(run('let sum = 0;\nfor (let i = 0; i < 1e6; i++) sum += i;\nreturn sum;', 30_000)).toEqual({ value: 499999500000 });
  });
});
