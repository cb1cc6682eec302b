/**
 * The Socket.IO specifiers lesson code may import, in a module of their own: the editor declares
 * their types and the sandbox document maps them, and the editor must not pull in what the sandbox
 * document needs to run code (the loop guard's parser).
 */
/** Where the playground server serves its bundled Socket.IO client (ES module). */
export const SOCKET_IO_CLIENT_PATH = '/socket.io/socket.io.esm.min.js';

/**
 * The import map for the seed's code: each specifier lesson code (and the seed article) imports the
 * Socket.IO client by (key) → the bundled copy the playground server serves (value; the type keeps
 * it SOCKET_IO_CLIENT_PATH). The CDN URLs are only keys: nothing is ever loaded from them. The import map
 * (sandbox-document.ts) wraps each value in socketIoShim, which imports that copy from the playground server.
 */
export const SOCKET_IO_IMPORTS: Readonly<Record<string, typeof SOCKET_IO_CLIENT_PATH>> = {
  'https://cdn.socket.io/4.7.5/socket.io.esm.min.js': '/socket.io/socket.io.esm.min.js',
  'socket.io-client': '/socket.io/socket.io.esm.min.js',
};
