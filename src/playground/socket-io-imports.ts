/**
 * The Socket.IO specifiers lesson code may import, in a module of their own: the editor declares
 * their types and the sandbox document maps them, and the editor must not pull in what the sandbox
 * document needs to run code (the loop guard's parser).
 */
import seedImportMap from './seed-import-map.json' with { type: 'json' };

/** Where the playground server serves its bundled Socket.IO client (ES module). */
export const SOCKET_IO_CLIENT_PATH = '/socket.io/socket.io.esm.min.js';

/**
 * The import map for the seed's code (seed-import-map.json, an import map as the HTML spec writes
 * one): each specifier lesson code and the seed article import the Socket.IO client by (key) → the
 * bundled copy the playground server serves (value, SOCKET_IO_CLIENT_PATH). The CDN URL is only a
 * key: nothing is ever loaded from it (tests/e2e/lessons-deep.spec.ts records every request of the
 * chat lesson and finds none off this machine). The sandbox document (sandbox-document.ts) wraps each
 * value in socketIoShim, which imports that copy from the playground server.
 */
export const SOCKET_IO_IMPORTS: Readonly<Record<string, string>> = seedImportMap.imports;
