/**
 * The type definitions behind completion and hover, handed to the TypeScript service once the
 * editor is on screen (editor.ts): the Socket.IO client for browser files, and for playgrounds with
 * a Node server, Node's own types, ws and socket.io. Until they arrive the learner can already
 * type; completion and hover know these packages a moment later.
 */
import { javascriptDefaults, typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';
import extraLibs from 'virtual:ws-noriteo/editor-types';
import { SOCKET_IO_IMPORTS } from './socket-io-imports.ts';

type ExtraLibs = ReadonlyArray<{ path: string; content: string }>;

function addLibs(libs: ExtraLibs): void {
  for (const defaults of [javascriptDefaults, typescriptDefaults]) for (const lib of libs) defaults.addExtraLib(lib.content, lib.path);
}

// What lesson code imports: the Socket.IO client, by package name and by the CDN URL the seed
// article uses (which the sandbox maps to the same client). The DOM lib brings WebSocket.
const cdnDeclarations = Object.keys(SOCKET_IO_IMPORTS)
  .filter((specifier) => specifier.startsWith('https:'))
  .map((url) => `declare module ${JSON.stringify(url)} {\n  export * from 'socket.io-client';\n  export { io as default } from 'socket.io-client';\n}`)
  .join('\n');
addLibs([...extraLibs, { path: 'file:///node_modules/@types/ws-noriteo-cdn/index.d.ts', content: cdnDeclarations }]);

let serverTypes: Promise<void> | undefined;

/** Node's types, ws and socket.io, for server files: loaded once, the first time a playground with a server opens. */
export function loadServerTypes(): Promise<void> {
  serverTypes ??= import('virtual:ws-noriteo/server-types').then(({ default: libs }) => addLibs(libs));
  return serverTypes;
}
