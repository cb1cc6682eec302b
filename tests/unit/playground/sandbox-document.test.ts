import { describe, expect, it } from 'vitest';
import { buildPreparedDocument, buildSandboxDocument, fileUrl, preparedRunScripts, socketIoShim } from '../../../src/playground/sandbox-document.ts';
import { SOCKET_IO_CLIENT_PATH, SOCKET_IO_IMPORTS } from '../../../src/playground/socket-io-imports.ts';

const origin = 'http://localhost:4321';
const decodeDataUrl = (url: string) => decodeURIComponent(url.slice(url.indexOf(',') + 1));
/** Where the bridge's script element (right after the import map) sits, and its decoded source. */
function bridgeOf(html: string): { at: number; source: string } {
  const match = /<\/script>(<script src="(data:[^"]+)"><\/script>|<script>([\s\S]*?)<\/script>)/.exec(html);
  if (!match) return { at: -1, source: '' };
  return { at: match.index, source: match[2] ? decodeDataUrl(match[2]) : (match[3] ?? '') };
}

describe('buildSandboxDocument', () => {
  it('runs each JavaScript file as an inline module in a blank Korean page, and tells the bridge on which lines of the document each file is', () => {
    const files = { 'client.js': 'console.log(1);\nthrow new Error("x");', 'second.js': '\n  let b = 2;\r\nb++;' };
    const { html, page } = buildSandboxDocument({ runId: 'r1', origin, files });
    expect(page).toBeNull();
    expect(html).toMatch(/^<!doctype html><html lang="ko">/);
    const modules = JSON.parse(/"modules":(\[.*?\])/.exec(bridgeOf(html).source)?.[1] ?? '[]') as Array<{ file: string; firstLine: number; lines: number }>;
    expect(modules.map((m) => [m.file, m.lines])).toEqual([
      ['client.js', 2],
      ['second.js', 3],
    ]);
    // Line n of a file is line firstLine + n - 1 of the document, from its first column.
    const documentLines = html.split(/\r\n|\n/);
    for (const module of modules) {
      const fileLines = files[module.file as keyof typeof files].split(/\r\n|\n/);
      fileLines.forEach((line, n) => expect(documentLines[module.firstLine - 1 + n]).toBe(line));
      expect(documentLines[module.firstLine - 2]).toMatch(/<script type="module">$/);
    }
  });

  it('keeps a file that could end its script element early (</script>, <!--, <script) in a module URL named after it', () => {
    for (const code of ['const s = "</script><img src=x onerror=alert(1)>";', 'const s = "<!--<script>";', "x = '</SCRIPT >'"]) {
      const { html } = buildSandboxDocument({ runId: 'r1', origin, files: { 'client.js': code } });
      expect(html).toContain(`<script type="module" src="${fileUrl('client.js', code)}"></script>`);
      expect(html).not.toContain('<script type="module">');
      expect(bridgeOf(html).source).toContain('"modules":[]');
    }
  });

  it('keeps the learner code byte for byte inside its module URL, so its line numbers are its own', () => {
    const code = 'const s = "</script><img src=x onerror=alert(1)>";\n// \'quotes\' and "double"';
    const url = fileUrl('a b.js', code);
    expect(url).toMatch(/^data:text\/javascript;charset=utf-8;pgfile=a%20b\.js,/);
    expect(url).not.toMatch(/["'<>\s]/);
    expect(decodeDataUrl(url)).toBe(code);
  });

  it('uses index.html as the document, linking its script tags to the playground files, without moving its lines', () => {
    const page = '<!doctype html>\n<html>\n<head>\n<title>채팅</title>\n</head>\n<body>\n<ul></ul>\n<script type="module" src="./client.js"></script>\n<script src="https://example.com/other.js"></script>\n</body>\n</html>';
    const { html, page: shown } = buildSandboxDocument({ runId: 'r1', origin, files: { 'index.html': page, 'client.js': 'let a = 1;' } });
    expect(shown).toBe('index.html');
    expect(html.split('\n').length).toBe(page.split('\n').length);
    expect(html.split('\n')[6]).toBe('<ul></ul>');
    expect(html).toContain(`src="${fileUrl('client.js', 'let a = 1;')}"`);
    expect(html).toContain('src="https://example.com/other.js"');
    const bridge = bridgeOf(html);
    expect(bridge.source).toContain('"runId":"r1"');
    expect(bridge.at).toBeGreaterThan(html.indexOf('<head>'));
    expect(bridge.at).toBeLessThan(html.indexOf('<title>'));
  });

  it('puts the bridge first even in a page with no head or html element', () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, files: { 'index.html': '<p>안녕</p>\n<script>console.log(1)</script>' } });
    const bridge = bridgeOf(html);
    expect(bridge.source).toContain('"runId":"r1"');
    expect(bridge.at).toBeGreaterThanOrEqual(0);
    expect(bridge.at).toBeLessThan(html.indexOf('<p>안녕</p>'));
    expect(html.split('\n').length).toBe(2);
  });

  it("maps the seed's CDN import of the Socket.IO client to the locally served copy", () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, files: { 'client.js': '' } });
    const map = JSON.parse(/<script type="importmap">(.*?)<\/script>/.exec(html)?.[1] ?? '{}') as { imports: Record<string, string> };
    const target = map.imports['https://cdn.socket.io/4.7.5/socket.io.esm.min.js'];
    expect(target).toBe(socketIoShim(origin));
    expect(decodeDataUrl(target ?? '')).toContain(`from "${origin}/socket.io/socket.io.esm.min.js"`);
    expect(html).not.toMatch(/<script[^>]+src="https:\/\/cdn/);
  });

  it('maps every specifier of the seed import map to the bundled client, and nothing else', () => {
    expect(Object.keys(SOCKET_IO_IMPORTS)).toEqual(['https://cdn.socket.io/4.7.5/socket.io.esm.min.js', 'socket.io-client']);
    for (const value of Object.values(SOCKET_IO_IMPORTS)) expect(value).toBe(SOCKET_IO_CLIENT_PATH);
  });

  it('points ws://example.com at the echo endpoint of the same server', () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, files: { 'client.js': '' } });
    expect(bridgeOf(html).source).toContain('["ws://example.com","ws://localhost:4321/ws/echo"]');
  });
});

describe('prepared frames (a run whose frame was made before it)', () => {
  it('hold the same import map and bridge as a page-less run, no learner code, and a bridge that waits for its run', () => {
    const prepared = buildPreparedDocument({ runId: 'r2', origin, captureTag: 'page.pg' });
    const { html } = buildSandboxDocument({ runId: 'r2', origin, captureTag: 'page.pg', files: { 'client.js': 'console.log(1);' } });
    const importMapOf = (text: string) => /<script type="importmap">[\s\S]*?<\/script>/.exec(text)?.[0];
    expect(importMapOf(prepared)).toBe(importMapOf(html));
    expect(prepared).not.toContain('<script type="module"');
    expect(prepared).toMatch(/<body><\/body><\/html>$/);
    const bridge = bridgeOf(prepared).source;
    expect(bridge).toContain('"runId":"r2"');
    expect(bridge).toContain('"awaitRun":true');
    expect(bridgeOf(html).source).toContain('"awaitRun":false');
  });

  it('get the run’s JavaScript files in order as module URLs named after them, loops guarded', () => {
    const files = { 'data.json': '{}', 'a.js': 'while (true) {}', 'b.js': 'console.log(2);' };
    const scripts = preparedRunScripts(files);
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toMatch(/^data:text\/javascript;charset=utf-8;pgfile=a\.js,/);
    expect(decodeDataUrl(scripts[0]!)).toBe('while (true) {__pgLoop();}');
    expect(scripts[1]).toBe(fileUrl('b.js', 'console.log(2);'));
  });
});
