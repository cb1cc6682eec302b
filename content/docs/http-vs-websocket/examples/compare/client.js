// 같은 서버 이벤트(EVERY ms마다 하나)를 폴링, 롱 폴링, SSE, WebSocket으로 동시에 받아,
// 이벤트마다 ‘서버에서 생긴 때 → 이 페이지가 받은 때’의 지연과, 받은 바이트 수를 잽니다.
const EVERY = 500; // 서버에서 이벤트가 생기는 간격(ms)
const POLL_INTERVAL = 2000; // 폴링이 묻는 간격(ms)
const COUNT = 10; // 비교할 이벤트 수
const bytes = (text) => new TextEncoder().encode(text).length;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};
// 서버→브라우저 WebSocket 프레임: 헤더 2바이트(내용 125바이트 이하), 126~65535바이트면 4, 그보다 길면 10. 마스킹 키는 없습니다.
const frameSize = (payload) => payload + (payload <= 125 ? 2 : payload <= 65535 ? 4 : 10);
const status = document.querySelector("#status");

// ① 시계 맞추기: 이벤트의 at은 서버 시계로 잰 시각입니다. 서버에 시각(now)을 물어 이 페이지의 시계와의 차이를
//    구합니다. 요청이 오가는 동안 서버가 언제 답했는지 모르므로, 왕복 시간(RTT)의 절반까지 오차가 있을 수 있습니다.
const pageClock = () => performance.timeOrigin + performance.now();
let offset = 0;
let bestRtt = Infinity;
for (let i = 0; i < 5; i++) {
  const sent = pageClock();
  const { now } = await (await fetch(`/demo/poll?every=${EVERY}`)).json();
  const received = pageClock();
  if (received - sent < bestRtt) {
    bestRtt = received - sent;
    offset = now - (sent + received) / 2;
  }
}
const serverClock = () => pageClock() + offset;
console.log(`시계 맞추기: 가장 빠른 왕복 ${bestRtt.toFixed(1)} ms, 아래 지연 값의 오차는 ±${(bestRtt / 2).toFixed(1)} ms 안쪽입니다.`);

// 방식마다 기록하는 것: 이벤트 id별 지연, 받은 바이트, HTTP 요청 수, 서버가 센 요청 헤더 바이트
const methods = [];
const track = (name) => {
  const method = { name, latency: new Map(), delivered: 0, bodyBytes: 0, requests: 0, requestHeadBytes: 0 };
  methods.push(method);
  return method;
};
let start = Infinity; // 비교할 이벤트: id가 start보다 크고 start + COUNT 이하인 것
const record = (method, event, receivedAt) => {
  method.delivered += 1;
  if (event.id > start && event.id <= start + COUNT) method.latency.set(event.id, receivedAt - event.at);
};

// ② SSE와 WebSocket을 먼저 열어 둡니다. 열린 뒤에 생긴 이벤트는 모두 받습니다.
const sse = track("SSE");
const websocket = track("WebSocket");
const source = new EventSource(`/demo/sse?every=${EVERY}`);
const socket = new WebSocket(`/demo/ws?every=${EVERY}`);
await Promise.all([
  new Promise((resolve, reject) => {
    source.onopen = resolve;
    source.onerror = () => reject(new Error("SSE에 연결하지 못했습니다."));
  }),
  new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error("WebSocket에 연결하지 못했습니다."));
  }),
]);
sse.requests = 1;
websocket.requests = 1;

// ③ 지금의 마지막 id를 물어 출발선을 정합니다. 네 방식 모두 그다음 COUNT개의 이벤트를 받습니다.
start = (await (await fetch(`/demo/poll?every=${EVERY}`)).json()).last;
const end = start + COUNT;

const sseDone = new Promise((resolve) => {
  source.onmessage = (event) => {
    const receivedAt = serverClock();
    // 이벤트 한 덩어리를 서버가 보낸 모양대로 다시 만들어 셉니다: "id: 12\ndata: {...}\n\n"
    sse.bodyBytes += bytes(`id: ${event.lastEventId}\ndata: ${event.data}\n\n`);
    const data = JSON.parse(event.data);
    record(sse, data, receivedAt);
    if (data.id >= end) {
      source.close();
      resolve();
    }
  };
});
const webSocketDone = new Promise((resolve) => {
  socket.onmessage = (event) => {
    const receivedAt = serverClock();
    websocket.bodyBytes += frameSize(bytes(event.data));
    const data = JSON.parse(event.data);
    record(websocket, data, receivedAt);
    if (data.id >= end) {
      socket.close(1000);
      resolve();
    }
  };
});

// HTTP 요청 하나: 본문 바이트를 세고, 서버가 센 요청 헤더 크기(X-Request-Head-Bytes)를 더합니다.
async function get(method, path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(await response.text());
  const body = await response.text();
  const receivedAt = serverClock();
  method.requests += 1;
  method.bodyBytes += bytes(body);
  method.requestHeadBytes += Number(response.headers.get("X-Request-Head-Bytes"));
  const answer = JSON.parse(body);
  for (const event of answer.events) record(method, event, receivedAt);
  return answer.last;
}
async function polling() {
  const method = track(`폴링 (${POLL_INTERVAL / 1000}초마다)`);
  let after = start;
  for (;;) {
    after = await get(method, `/demo/poll?every=${EVERY}&after=${after}`);
    if (after >= end) return;
    await wait(POLL_INTERVAL); // 그동안 생긴 이벤트는 다음 요청까지 서버에서 기다립니다
  }
}
async function longPolling() {
  const method = track("롱 폴링");
  let after = start;
  while (after < end) after = await get(method, `/demo/long-poll?every=${EVERY}&after=${after}`); // 답을 받자마자 다시 요청
}

status.textContent = `이벤트 ${COUNT}개를 네 가지 방법으로 받는 중… (약 ${((COUNT * EVERY + POLL_INTERVAL) / 1000).toFixed(0)}초)`;
const finished = await Promise.race([
  Promise.all([polling(), longPolling(), sseDone, webSocketDone]).then(() => true),
  wait(COUNT * EVERY + POLL_INTERVAL + 5000).then(() => false),
]);
source.close();
socket.close(1000);

// ④ 나란히 보여 줍니다. 표의 순서: 폴링, 롱 폴링, SSE, WebSocket
const order = ["폴링", "롱 폴링", "SSE", "WebSocket"];
methods.sort((a, b) => order.findIndex((name) => a.name.startsWith(name)) - order.findIndex((name) => b.name.startsWith(name)));
const rows = document.querySelector("tbody");
for (const method of methods) {
  const latencies = [...method.latency.values()];
  const perEvent = (total) => (method.delivered === 0 ? 0 : total / method.delivered);
  const isHttp = method !== sse && method !== websocket;
  const cells = [
    method.name,
    `${latencies.length}/${COUNT}`,
    latencies.length ? `${median(latencies).toFixed(1)} ms` : "—",
    latencies.length ? `${Math.max(...latencies).toFixed(1)} ms` : "—",
    isHttp ? `${method.requests}번` : method === sse ? "1번(열어 둠)" : "1번(핸드셰이크)",
    method === websocket ? `${perEvent(method.bodyBytes).toFixed(1)}(헤더 2 포함)` : perEvent(method.bodyBytes).toFixed(1),
    isHttp ? perEvent(method.requestHeadBytes).toFixed(1) : "처음 한 번",
  ];
  const row = rows.insertRow();
  cells.forEach((text, i) => {
    const cell = document.createElement(i === 0 ? "th" : "td");
    if (i === 0) cell.scope = "row";
    cell.textContent = text;
    row.append(cell);
  });
  const extra = isHttp
    ? `HTTP 요청 ${method.requests}번, 이벤트당 요청 헤더 ${perEvent(method.requestHeadBytes).toFixed(1)}바이트`
    : method === sse
      ? "HTTP 요청 1번 (응답 하나를 열어 둠)"
      : "핸드셰이크 1번, 프레임 헤더 2바이트 포함";
  console.log(`${method.name}: 이벤트 ${latencies.length}/${COUNT}개, 지연 중앙값 ${cells[2]} (최대 ${cells[3]}), 이벤트당 받은 바이트 ${perEvent(method.bodyBytes).toFixed(1)}, ${extra}`);
}
status.textContent = finished ? "다 쟀습니다. 지연과 바이트를 비교해 보세요." : "시간 안에 다 받지 못한 방식이 있습니다. 받은 만큼만 보여 줍니다.";
console.log(status.textContent);
