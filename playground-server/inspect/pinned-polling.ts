import { Fetch } from 'engine.io-client';
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { InspectFailure } from './pinned-agent.ts';

/** The longest Engine.IO polling answer read (engine.io's own maxHttpBufferSize default is 1e6). */
export const MAX_POLL_RESPONSE = 1024 * 1024;

interface PollingAnswer {
  ok: boolean;
  status: number;
  text: string;
}

/**
 * Engine.IO long-polling for the inspector: engine.io-client's Node XHR transport follows 302/303/307
 * redirects to any host without the agent (xmlhttprequest-ssl), and its fetch transport cannot be
 * given one, so both would let a target send the playground server somewhere the target policy
 * never checked. This one makes each request with the pinned agent (the checked address), follows
 * nothing (a 3xx is an error, INSPECT_REDIRECT) and reads at most MAX_POLL_RESPONSE bytes.
 */
export class PinnedPolling extends Fetch {
  override doPoll(): void {
    this.#request()
      .then((answer) => (answer.ok ? this.onData(answer.text) : this.onError('poll error', answer.status)))
      .catch((error: unknown) => this.onError('poll error', error));
  }

  override doWrite(data: string, callback: () => void): void {
    this.#request(data)
      .then((answer) => (answer.ok ? callback() : this.onError('write error', answer.status)))
      .catch((error: unknown) => this.onError('write error', error));
  }

  #request(body?: string): Promise<PollingAnswer> {
    const opts = this.opts as unknown as { agent: Agent; extraHeaders?: Record<string, string>; secure?: boolean };
    const url = new URL(this.uri());
    const headers: Record<string, string> = { ...opts.extraHeaders, accept: '*/*' };
    if (body !== undefined) {
      headers['content-type'] = 'text/plain;charset=UTF-8';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = make(url, { method: body === undefined ? 'GET' : 'POST', agent: opts.agent, headers }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          reject(new InspectFailure('INSPECT_REDIRECT', `${status} ${res.headers.location ?? ''}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_POLL_RESPONSE) {
            req.destroy(new InspectFailure('INSPECT_MESSAGE_TOO_BIG', 'polling'));
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => resolve({ ok: status === 200, status, text: Buffer.concat(chunks).toString('utf8') }));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end(body);
    });
  }
}
