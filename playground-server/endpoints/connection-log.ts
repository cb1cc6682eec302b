import type { WebSocket } from 'ws';
import type { Logger } from '../log.ts';

/**
 * The open and close log lines of one connection, with how long it lasted and the close codes
 * both ways. `code` is the peer's; `sent` the first close code this side wrote: its own when the
 * server closed first (a limit, a bad frame, shutdown), or ws's echo of the peer's when the peer
 * did (ws answers through ws.close too).
 */
export function logConnection(ws: WebSocket, endpoint: string, logger: Logger, remote: string): void {
  const started = performance.now();
  let sent: number | undefined;
  const close = ws.close;
  ws.close = function (this: WebSocket, code?: number, reason?: string | Buffer) {
    sent ??= code ?? 1005;
    return close.call(this, code, reason);
  };
  logger.info('connection_open', { endpoint, remote });
  ws.once('close', (code) => logger.info('connection_close', { endpoint, code, sent, ms: Math.round(performance.now() - started) }));
}
