import { GuardedWebSocket } from '../limits/websocket-guard.ts';
import type { Logger } from '../log.ts';

/**
 * A playground WebSocket that logs its open and close lines (once `logTo` is called), with how long
 * it lasted and the close codes both ways. `code` is the peer's; `sent` the first close code this
 * side wrote: its own when the server closed first (a limit, a bad frame, shutdown), or ws's echo of
 * the peer's when the peer did (ws answers through ws.close too). Every `ws` endpoint makes its
 * connections of this class: ws's WebSocket ← GuardedWebSocket ← LoggedWebSocket (connection-wrappers.ts).
 */
export class LoggedWebSocket extends GuardedWebSocket {
  #logger: Logger | null = null;
  #name = '';
  #started = 0;
  #sent: number | undefined = undefined;

  logTo(logger: Logger, endpoint: string, remote: string): void {
    this.#logger = logger;
    this.#name = endpoint;
    this.#started = performance.now();
    logger.info('connection_open', { endpoint, remote });
  }

  override close(code?: number, reason?: string | Buffer): void {
    this.#sent ??= code ?? 1005;
    super.close(code, reason);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean;
  override emit(event: string | symbol): boolean {
    if (event === 'close' && this.#logger !== null) {
      this.#logger.info('connection_close', { endpoint: this.#name, code: arguments[1] as number, sent: this.#sent, ms: Math.round(performance.now() - this.#started) });
    }
    return super.emit.apply(this, arguments as unknown as [string]);
  }
}
