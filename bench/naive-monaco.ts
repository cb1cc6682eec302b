import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { precompressSite } from '../playground-server/precompress.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The baseline of issue 14: Monaco loaded the naive lazy way, on a click: every feature
 * (`register.all`), the JavaScript, TypeScript, HTML and JSON language services, their workers
 * and CSS, then one editor with the lesson's first example. Built here with esbuild and compressed
 * as our own site is (precompress.ts), served by the same server, so the two differ only in how
 * the editor is loaded. The page marks `naive-activate` on the click and `naive-ready` once the
 * editor exists, as ours marks `pg-activate` and `pg-editor-ready`.
 */
export async function buildNaiveMonaco(): Promise<string> {
  const root = join(ROOT, '.cache', 'bench-naive-monaco');
  const out = join(root, 'dist');
  await rm(root, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const entry = join(root, 'editor.js');
  await writeFile(
    entry,
    `import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/languages/features/html/register';
import 'monaco-editor/languages/features/json/register';
import 'monaco-editor/languages/features/typescript/register';
const workers = { typescript: 'ts.worker', javascript: 'ts.worker', html: 'html.worker', json: 'json.worker' };
self.MonacoEnvironment = { getWorker: (_id, label) => new Worker(new URL('./' + (workers[label] ?? 'editor.worker') + '.js', import.meta.url), { type: 'module' }) };
export function create(host, code) {
  return monaco.editor.create(host, { value: code, language: 'javascript', automaticLayout: true, minimap: { enabled: false } });
}
`,
  );
  const workerEntries = {
    'editor.worker': 'monaco-editor/editor/editor.worker',
    'ts.worker': 'monaco-editor/languages/features/typescript/ts.worker',
    'html.worker': 'monaco-editor/languages/features/html/html.worker',
    'json.worker': 'monaco-editor/languages/features/json/json.worker',
  };
  await build({
    entryPoints: { editor: entry, ...workerEntries },
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    outdir: out,
    nodePaths: [join(ROOT, 'node_modules')],
    loader: { '.ttf': 'file' },
    logLevel: 'error',
  });
  await writeFile(
    join(out, 'index.html'),
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>naive Monaco</title></head><body>
<button id="go">편집</button><div id="host" style="width:700px;height:300px"></div>
<script type="module">
document.getElementById('go').addEventListener('click', async () => {
  performance.mark('naive-activate');
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/editor.css';
  document.head.append(css);
  const { create } = await import('/editor.js');
  performance.mark('naive-loaded');
  create(document.getElementById('host'), 'const socket = new WebSocket("ws://example.com/socketserver");\\nsocket.onopen = () => socket.send("하이");\\n');
  performance.mark('naive-ready');
  document.body.dataset.ready = '1';
});
</script></body></html>
`,
  );
  await precompressSite(out);
  return out;
}
