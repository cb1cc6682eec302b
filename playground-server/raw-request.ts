import { connect as tcpConnect } from 'node:net';

/**
 * The network panel's hand-written request (`raw-request` on the control channel): the learner's text, sent from
 * this server to itself, and its answer read back (bounded). It comes from loopback, so no per-address limit counts
 * it: only the first request of the text goes (a 16 KiB text pipelines about 300, each served), and the control
 * channel sends one at a time per page.
 */
const RAW_REQUEST_TIMEOUT_MS = 2000;
const RAW_RESPONSE_LIMIT = 64 * 1024;

/**
 * The first HTTP request in `text`, with CRLF line ends (text areas give "\n") and its blank line added if it has
 * none. Its body is kept as far as its Content-Length says (what is there of it); whatever follows is dropped.
 */
export function firstRequest(text: string): string {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  const end = crlf.indexOf('\r\n\r\n');
  if (end === -1) return `${crlf.replace(/(\r\n)*$/, '')}\r\n\r\n`;
  const head = crlf.slice(0, end + 4);
  const length = /^content-length:[ \t]*(\d{1,7})[ \t]*$/im.exec(head)?.[1];
  return length === undefined ? head : head + crlf.slice(end + 4, end + 4 + Number(length));
}

/** Sends the first request of `text` to this server at `address` and reads its answer: until it closes, a 101's head, 64 KiB, or 2 s. */
export function sendRawRequest(address: { host: string; port: number } | null, text: string): Promise<{ text: string; closed: boolean }> {
  if (!address) return Promise.resolve({ text: '', closed: true });
  const request = firstRequest(text);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let closed = false;
    const socket = tcpConnect(address.port, address.host === '0.0.0.0' || address.host === '::' ? '127.0.0.1' : address.host);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closed });
    };
    const timer = setTimeout(finish, RAW_REQUEST_TIMEOUT_MS);
    socket.on('data', (chunk) => {
      size += chunk.length;
      if (size <= RAW_RESPONSE_LIMIT) chunks.push(chunk);
      // A 101 never ends by itself: its head is the whole answer here.
      const all = Buffer.concat(chunks).toString('latin1');
      if (/^HTTP\/1\.1 101 /.test(all) && all.includes('\r\n\r\n')) finish();
    });
    socket.on('end', () => {
      closed = true;
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(request, 'latin1');
  });
}
