import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const clientDist = join(dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')), 'dist');

/** The Socket.IO client bundles we serve under /socket.io/, so no page needs a CDN. */
const FILES = ['socket.io.esm.min.js', 'socket.io.js', 'socket.io.min.js'] as const;
const SERVED = new Map<string, string>(FILES.flatMap((name) => [[name, join(clientDist, name)], [`${name}.map`, join(clientDist, `${name}.map`)]]));

/** The file for `/socket.io/<name>`, or undefined when that is not a client bundle. */
export function socketIoClientFile(pathname: string): string | undefined {
  return SERVED.get(pathname.slice('/socket.io/'.length));
}
