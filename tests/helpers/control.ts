import { randomUUID } from 'node:crypto';
import type { ServerMessage } from '../../protocol/control-messages.ts';
import { waitUntil } from './wait.ts';
import { TestClient } from './ws.ts';

/** Any JSON message of the control channel, read loosely (tests also look at fields the type leaves out). */
export type ControlMessage = { type: string; [key: string]: unknown };
/** The message of `type`, typed where ServerMessage knows it (capture-open and capture-end are not there yet). */
type Typed<T extends string> = T extends ServerMessage['type'] ? Extract<ServerMessage, { type: T }> & ControlMessage : ControlMessage;

export interface ControlPage {
  /** The WebSocket, with every message kept (binary capture batches too). */
  client: TestClient;
  session: string;
  welcome: Typed<'welcome'>;
  /** The JSON messages so far, in order. */
  messages(): ControlMessage[];
  /** The JSON messages of one type so far. */
  all<T extends string>(type: T): Array<Typed<T>>;
  /** The first message of `type` (matching `predicate`), waiting for it if it has not come yet. */
  waitFor<T extends string>(type: T, predicate?: (message: Typed<T>) => boolean, timeoutMs?: number): Promise<Typed<T>>;
  send(message: unknown): void;
  /** Bytes of capture batches received so far (kept in client.messages unless keepCapture is false). */
  capturedBytes(): number;
  /** Runs `files` as a learner's server (`run-server`), entry server.js unless given. */
  runServer(files: Record<string, string>, options?: { runId?: string; entry?: string; capture?: string }): string;
  close(): Promise<void>;
}

/**
 * A lesson page's control channel (`/_playground`) on the server at `origin` (http://host:port), opened as the site's
 * own page would (Origin: that origin) unless `origin` says otherwise (null: no Origin header). Resolves after the
 * server's welcome. The one control client of the tests and the benchmarks; `keepCapture: false` counts the capture
 * batches and drops them, as a long-lived page reads them into its inspector.
 */
export async function openControl(
  serverOrigin: string,
  options: { origin?: string | null; session?: string; localAddress?: string; keepCapture?: boolean } = {},
): Promise<ControlPage> {
  const session = options.session ?? randomUUID();
  const headers: Record<string, string> = {};
  if (options.origin !== null) headers['Origin'] = options.origin ?? serverOrigin;
  const url = `${serverOrigin.replace(/^http/, 'ws')}/_playground?session=${session}`;
  const client = await TestClient.open(url, { headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, { keepBinary: options.keepCapture ?? true });
  const messages = () => client.messages.filter((m) => !m.isBinary).map((m) => JSON.parse(m.data.toString()) as ControlMessage);
  const all = <T extends string>(type: T) => messages().filter((m): m is Typed<T> => m.type === type);
  const waitFor = async <T extends string>(type: T, predicate: (message: Typed<T>) => boolean = () => true, timeoutMs = 15_000) => {
    let found: Typed<T> | undefined;
    await waitUntil(
      `a control message ${type}`,
      () => (found = all(type).find(predicate)) !== undefined,
      timeoutMs,
      () => JSON.stringify(messages()),
    );
    return found!;
  };
  const send = (message: unknown) => client.ws.send(JSON.stringify(message));
  let runs = 0;
  const runServer: ControlPage['runServer'] = (files, run = {}) => {
    const runId = run.runId ?? `run-${++runs}`;
    send({ type: 'run-server', runId, entry: run.entry ?? 'server.js', files, ...(run.capture ? { capture: run.capture } : {}) });
    return runId;
  };
  const close = async () => {
    client.ws.close();
    await client.closed;
  };
  const welcome = await waitFor('welcome');
  return { client, session, welcome, messages, all, waitFor, send, capturedBytes: () => client.binaryBytes, runServer, close };
}
