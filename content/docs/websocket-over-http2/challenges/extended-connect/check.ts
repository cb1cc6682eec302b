import type { Check } from '~/playground/challenge-api.ts';

/**
 * The check's own HTTP/2 client, run in the sandbox beside the learner's server.js (the page
 * cannot speak HTTP/2 to it: browsers use HTTP/2 only over TLS). It prints one line, tagged with a
 * nonce server.js cannot know, holding what it saw.
 */
const probe = (nonce: string) => `import { once } from "node:events";
import http2 from "node:http2";
import { server } from "./server.js";

const results = {};
const report = () => console.log(${JSON.stringify(nonce)} + " " + JSON.stringify(results));
const within = (emitter, event) => once(emitter, event, { signal: AbortSignal.timeout(2000) });
function frame(text) {
  const bytes = Buffer.from(text, "utf8");
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  return Buffer.concat([Buffer.from([0x81, 0x80 | bytes.length]), key, bytes.map((b, i) => b ^ key[i % 4])]);
}
try {
  server.listen(8443);
  await within(server, "listening");
  const session = http2.connect("http://localhost:8443");
  session.on("error", () => {});
  const [settings] = await within(session, "remoteSettings");
  results.settings = settings.enableConnectProtocol === true;
  const request = (headers) => session.request({ ":scheme": "http", ":authority": "localhost:8443", ":path": "/chat", ...headers });
  const page = request({ ":method": "GET" });
  results.get = (await within(page, "response"))[0][":status"];
  page.resume();
  if (results.settings) {
    const ws = request({ ":method": "CONNECT", ":protocol": "websocket", "sec-websocket-version": "13", "sec-websocket-protocol": "chat.v2, chat.v1" });
    ws.on("error", () => {});
    const [headers] = await within(ws, "response");
    results.status = headers[":status"];
    results.protocol = headers["sec-websocket-protocol"] ?? null;
    if (results.status === 200) {
      ws.write(frame("안녕"));
      const [reply] = await within(ws, "data");
      results.reply = { fin: (reply[0] & 0x80) !== 0, opcode: reply[0] & 0x0f, masked: (reply[1] & 0x80) !== 0, text: reply.subarray(2, 2 + (reply[1] & 0x7f)).toString("utf8") };
    }
    ws.close();
    const other = request({ ":method": "CONNECT", ":protocol": "not-websocket" });
    other.on("error", () => {});
    results.other = (await within(other, "response"))[0][":status"];
    other.close();
  }
  session.close();
} catch (error) {
  results.error = String(error?.message ?? error);
}
report();
process.exit(0);
`;

interface ProbeResults {
  settings?: boolean;
  get?: number;
  status?: number;
  protocol?: string | null;
  reply?: { fin: boolean; opcode: number; masked: boolean; text: string };
  other?: number;
  error?: string;
}

/**
 * 도전 과제 ‘HTTP/2로 WebSocket 받기’: the check runs its own HTTP/2 client (Node) against the
 * learner's server.js in the sandbox and judges what it answered: SETTINGS_ENABLE_CONNECT_PROTOCOL,
 * 200 for CONNECT + :protocol websocket with a chosen subprotocol, an echoed unmasked text frame, 501
 * for another :protocol, and GET still served. What client.js prints plays no part.
 */
const check: Check = async ({ files, runProgram }) => {
  const nonce = `probe-${crypto.randomUUID()}`;
  const run = await runProgram({ 'frames.js': files['frames.js'] ?? '', 'server.js': files['server.js'] ?? '', 'probe.js': probe(nonce) }, 'probe.js', { timeoutMs: 8000 });
  const line = run.output.find((text) => text.startsWith(`${nonce} `));
  if (!line) {
    const last = run.output.filter((text) => !text.startsWith('probe-')).slice(-1)[0];
    return [{ ok: false, text: `server.js를 불러와 실행하지 못했습니다(${run.reason}${last ? `: ${last}` : ''}). 문법 오류가 없는지, server를 export하는지 확인하세요.` }];
  }
  const seen = JSON.parse(line.slice(nonce.length + 1)) as ProbeResults;
  const reply = seen.reply;
  return [
    {
      ok: seen.settings === true,
      text: seen.settings ? 'SETTINGS로 확장 CONNECT를 허락합니다(enableConnectProtocol).' : 'SETTINGS에 enableConnectProtocol이 없습니다. http2.createServer({ settings: { enableConnectProtocol: true } })로 만드세요.',
    },
    {
      ok: seen.status === 200 && seen.protocol === 'chat.v1',
      text:
        seen.status === 200 && seen.protocol === 'chat.v1'
          ? 'CONNECT + :protocol websocket에 200으로 답하고, 제안받은 chat.v2, chat.v1 가운데 지원하는 chat.v1을 골랐습니다.'
          : seen.status === undefined
            ? `WebSocket 요청에 답이 없었습니다${seen.error ? `(${seen.error})` : ''}.`
            : seen.status !== 200
              ? `WebSocket 요청(CONNECT + :protocol websocket)에 ${seen.status}(으)로 답했습니다. 200이어야 합니다(HTTP/1.1의 101이 아닙니다).`
              : `200으로 답했지만 sec-websocket-protocol이 ${seen.protocol === null ? '없습니다' : `"${seen.protocol}"입니다`}. 제안받은 것 가운데 SUPPORTED에 있는 "chat.v1"을 담으세요.`,
    },
    {
      ok: reply !== undefined && reply.opcode === 1 && reply.fin && !reply.masked && reply.text === '안녕',
      text:
        reply === undefined
          ? '텍스트 프레임을 보냈지만 돌아온 프레임이 없습니다. 스트림의 data 이벤트에서 프레임을 읽고 같은 텍스트로 답하세요.'
          : reply.masked
            ? '돌아온 프레임이 마스킹되어 있습니다. 서버가 보내는 프레임은 마스킹하지 않습니다(RFC 6455 §5.1).'
            : reply.opcode === 1 && reply.text === '안녕'
              ? '받은 텍스트 프레임을 마스킹하지 않은 텍스트 프레임으로 돌려줍니다.'
              : `돌아온 프레임이 다릅니다(opcode ${reply.opcode}, "${reply.text}"). 받은 텍스트 "안녕"을 그대로 돌려주세요.`,
    },
    {
      ok: seen.other === 501,
      text: seen.other === 501 ? ':protocol이 websocket이 아닌 확장 CONNECT에는 501로 답합니다.' : `:protocol이 "not-websocket"인 확장 CONNECT에 ${seen.other ?? '답 없음'}(으)로 답했습니다. 501(Not Implemented)이어야 합니다.`,
    },
    {
      ok: seen.get === 200,
      text: seen.get === 200 ? '평범한 GET 요청에도 여전히 200으로 답합니다.' : `GET 요청에 ${seen.get ?? '답 없음'}(으)로 답했습니다. 원래처럼 200이어야 합니다.`,
    },
  ];
};

export default check;
