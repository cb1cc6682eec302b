import cluster, { type Worker } from 'node:cluster';
import { createServer, type Socket } from 'node:net';
import { setupPrimary as setupClusterAdapterPrimary } from '@socket.io/cluster-adapter';
import type { PlaygroundConfig } from '../config.ts';
import { displayUrl } from '../display-url.ts';
import { listen } from '../listen.ts';
import type { Logger } from '../log.ts';
import { isClusterChatMessage } from '../scale/chat-relay.ts';
import { CLUSTER_PORT_ENV, messageType, METRICS_TIMEOUT_MS, WORKER_SLOT_ENV, type PrimaryToWorker, type WorkerToPrimary } from '../scale/cluster-messages.ts';
import type { MetricFamily } from '../health/metrics.ts';
import { slotFor } from '../scale/sticky-route.ts';
import { isSandboxReport } from '../supervise/ipc.ts';
import { RestartPolicy } from '../supervise/restart-policy.ts';
import { REAPED_GONE_MS, SandboxReaper } from '../supervise/sandbox-reaper.ts';
import { workerExecArgv } from './node-flags.ts';

/** What main.ts needs of a running primary (the same shape as a single app's). */
export interface RunningPrimary {
  port: number;
  url: string;
  /** Stops accepting, asks every worker to shut down (1001 to its WebSockets, sandboxes killed), waits for them. */
  close(): Promise<void>;
  /** At the shutdown deadline, just before this process exits: every worker killed, their learners' servers too, their folders removed. */
  abort(): void;
}

/** A worker gets this long to close its clients and sandboxes before it is killed. */
const WORKER_STOP_MS = 1800;
/** Connections that arrive for a worker that is (re)starting wait; past this many per slot they are refused. */
const MAX_WAITING_PER_SLOT = 256;

interface Slot {
  index: number;
  worker: Worker | null;
  ready: boolean;
  /** Connections that arrived while the worker was (re)starting. */
  waiting: Socket[];
  /** Connections sent to the worker that it has not confirmed yet (`pg:taken`), by id. */
  inFlight: Map<number, Socket>;
  /** How soon this slot's next worker starts after one died. */
  restarts: RestartPolicy;
  /** What the current worker started in the sandbox, for reaping it. */
  reaper: SandboxReaper | null;
}

/** IPC to a worker that is dying fails; its `exit` handler cleans up, so the error needs no handling here. */
function sendTo(worker: Worker, message: PrimaryToWorker): void {
  worker.send(message, () => {});
}

let nextConnectionId = 1;

/**
 * Hands a connection to the slot's worker. The primary keeps its own copy of the socket
 * (`keepOpen`) until the worker confirms it with `pg:taken`: Node would otherwise hold the handle
 * until the child's internal acknowledgement, and a worker that dies in between would leave the
 * client waiting forever. A dead worker's unconfirmed connections are closed (in the worker's
 * `exit` handler below), so their clients see the close and reconnect.
 */
function handOff(slot: Slot, worker: Worker, socket: Socket): void {
  const id = nextConnectionId++;
  slot.inFlight.set(id, socket);
  worker.send({ type: 'pg:connection', id } satisfies PrimaryToWorker, socket, { keepOpen: true }, (error: Error | null) => {
    if (!error) return;
    slot.inFlight.delete(id);
    socket.destroy();
  });
}

/**
 * `npm start -- --workers N`: the primary owns the port and N worker processes each run the whole
 * playground (startApp without listening). The primary never reads a byte: it accepts each TCP
 * connection paused, picks the worker by the client's address (sticky-route.ts) and hands the
 * socket over. Without REDIS_URL, the workers' broadcasts meet here: Socket.IO's through the
 * cluster adapter's primary side, the ws chat's as `pg:chat` messages passed to every other worker.
 */
export async function startPrimary(config: PlaygroundConfig, logger: Logger): Promise<RunningPrimary> {
  cluster.setupPrimary({ serialization: 'advanced', execArgv: workerExecArgv() });
  if (!config.redisUrl) setupClusterAdapterPrimary();

  const slots: Slot[] = Array.from({ length: config.workers }, (_, index) => ({ index, worker: null, ready: false, waiting: [], inFlight: new Map(), restarts: new RestartPolicy(), reaper: null }));
  let shuttingDown = false;
  let restarts = 0;
  const gatherings = new Map<string, { workers: Array<{ slot: number; families: MetricFamily[] }>; expected: number; done(): void }>();

  const server = createServer({ pauseOnConnect: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    const slot = slots[slotFor(socket.remoteAddress, slots.length)];
    if (!slot || shuttingDown) {
      socket.destroy();
    } else if (slot.ready && slot.worker) {
      handOff(slot, slot.worker, socket);
    } else if (slot.waiting.length < MAX_WAITING_PER_SLOT) {
      slot.waiting.push(socket);
      socket.once('close', () => {
        const at = slot.waiting.indexOf(socket);
        if (at >= 0) slot.waiting.splice(at, 1);
      });
    } else {
      socket.destroy();
    }
  });
  const port = await listen(server, config.port, config.host);

  const primaryMetrics = (): MetricFamily[] => [
    { name: 'playground_cluster_workers', help: 'Worker processes ready to take connections.', type: 'gauge', samples: [{ value: slots.filter((slot) => slot.ready).length }] },
    { name: 'playground_cluster_worker_restarts_total', help: 'Workers replaced after they died.', type: 'counter', samples: [{ value: restarts }] },
  ];

  function gatherMetrics(requester: Worker, id: string): void {
    const ready = slots.filter((slot) => slot.ready && slot.worker);
    const gathering = {
      workers: [] as Array<{ slot: number; families: MetricFamily[] }>,
      expected: ready.length,
      done: () => {
        clearTimeout(timer);
        gatherings.delete(id);
        const workers = gathering.workers.sort((a, b) => a.slot - b.slot);
        if (requester.isConnected()) sendTo(requester, { type: 'pg:metrics-result', id, workers, primary: primaryMetrics() });
      },
    };
    const timer = setTimeout(() => gathering.done(), METRICS_TIMEOUT_MS);
    gatherings.set(id, gathering);
    for (const slot of ready) if (slot.worker) sendTo(slot.worker, { type: 'pg:metrics-collect', id });
  }

  function onMessage(slot: Slot, worker: Worker, message: WorkerToPrimary): void {
    if (isClusterChatMessage(message)) {
      for (const other of slots) if (other !== slot && other.ready && other.worker) sendTo(other.worker, message);
      return;
    }
    switch (message.type) {
      case 'pg:ready':
        slot.ready = true;
        for (const socket of slot.waiting.splice(0)) handOff(slot, worker, socket);
        return;
      case 'pg:taken': {
        // The worker has its own descriptor of the socket now; closing ours leaves the connection open.
        slot.inFlight.get(message.id)?.destroy();
        slot.inFlight.delete(message.id);
        return;
      }
      case 'pg:metrics-request':
        gatherMetrics(worker, message.id);
        return;
      case 'pg:metrics-snapshot': {
        const gathering = gatherings.get(message.id);
        if (!gathering) return;
        gathering.workers.push({ slot: message.slot, families: message.families });
        if (gathering.workers.length >= gathering.expected) gathering.done();
        return;
      }
    }
  }

  function fork(slot: Slot): Worker {
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(slot.index), [CLUSTER_PORT_ENV]: String(port) });
    slot.worker = worker;
    slot.ready = false;
    const reaper = new SandboxReaper(worker.process.pid ?? -1);
    slot.reaper = reaper;
    worker.on('message', (message: unknown) => {
      if (isSandboxReport(message)) reaper.note(message);
      else if (messageType(message) !== undefined) onMessage(slot, worker, message as WorkerToPrimary);
    });
    worker.on('error', (error) => logger.debug('worker_ipc_error', { worker: slot.index, message: error.message }));
    worker.once('exit', (code, signal) => {
      if (slot.worker === worker) {
        slot.worker = null;
        slot.ready = false;
        for (const socket of slot.inFlight.values()) socket.destroy();
        slot.inFlight.clear();
      }
      const killed = reaper.reap(logger);
      if (killed > 0) logger.warn('sandboxes_reaped', { worker: slot.index, count: killed, pid: worker.process.pid });
      if (shuttingDown) return;
      const decision = slot.restarts.died(Date.now());
      logger.error('worker_exited', { worker: slot.index, pid: worker.process.pid, code: code ?? undefined, signal: signal ?? undefined, restartInMs: decision.delayMs, recentDeaths: decision.recentDeaths });
      if (decision.crashLoop) logger.error('crash_loop', { worker: slot.index, recentDeaths: decision.recentDeaths, restartInMs: decision.delayMs });
      setTimeout(() => {
        if (shuttingDown) return;
        restarts++;
        fork(slot);
      }, decision.delayMs).unref();
    });
    logger.info('worker_started', { worker: slot.index, pid: worker.process.pid });
    return worker;
  }

  // Every worker must come up once; one that dies before it is ready stops the whole start.
  try {
    await Promise.all(
      slots.map(
        (slot) =>
          new Promise<void>((resolve, reject) => {
            const worker = fork(slot);
            const onExit = (code: number | null) => reject(new Error(`작업 프로세스 ${slot.index}번이 준비되기 전에 끝났습니다 (종료 코드 ${code}).`));
            worker.once('exit', onExit);
            worker.on('message', (message: unknown) => {
              if (messageType(message) !== 'pg:ready') return;
              worker.off('exit', onExit);
              resolve();
            });
          }),
      ),
    );
  } catch (error) {
    shuttingDown = true;
    server.close();
    for (const slot of slots) slot.worker?.process.kill('SIGKILL');
    throw error;
  }
  logger.info('cluster_ready', { workers: slots.length, port, scale: config.redisUrl ? 'redis' : 'cluster' });

  let closing: Promise<void> | undefined;
  return {
    port,
    url: displayUrl(config.host, port),
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        server.close();
        for (const slot of slots) for (const socket of slot.waiting.splice(0)) socket.destroy();
        const alive = slots.flatMap((slot) => (slot.worker && slot.worker.process.exitCode === null && slot.worker.process.signalCode === null ? [slot.worker] : []));
        const exited = alive.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
        for (const worker of alive) if (worker.isConnected()) sendTo(worker, { type: 'pg:shutdown' });
        const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), WORKER_STOP_MS).unref());
        if ((await Promise.race([Promise.all(exited), deadline])) === 'late') {
          for (const worker of alive) {
            if (worker.process.exitCode !== null || worker.process.signalCode !== null) continue;
            logger.error('worker_killed', { pid: worker.process.pid, deadlineMs: WORKER_STOP_MS });
            worker.process.kill('SIGKILL');
          }
          await Promise.all(exited);
        }
        // What the workers left (reaped as each exited) is killed; wait until it is gone.
        await Promise.all(slots.map((slot) => slot.reaper?.gone(REAPED_GONE_MS)));
      })();
      return closing;
    },
    abort() {
      shuttingDown = true;
      for (const slot of slots) {
        const worker = slot.worker?.process;
        if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
        slot.reaper?.reap(logger);
      }
    },
  };
}
