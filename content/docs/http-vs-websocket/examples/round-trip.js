// 같은 서버에 HTTP 요청·응답과 WebSocket 메시지를 20번씩 주고받으며 걸린 시간을 잽니다.
const ROUNDS = 20;
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const summary = (list) =>
  `중앙값 ${median(list).toFixed(2)} ms (최소 ${Math.min(...list).toFixed(2)}, 최대 ${Math.max(...list).toFixed(2)})`;

// ① WebSocket: 연결을 한 번 열고(핸드셰이크), 그 연결로 메시지를 하나 보내고 에코가 돌아올 때까지 잽니다.
let started = performance.now();
const socket = new WebSocket("/ws/echo"); // 이 놀이터의 에코 서버: 받은 메시지를 그대로 돌려보냅니다
await new Promise((resolve) => (socket.onopen = resolve));
console.log(`WebSocket 연결을 여는 데 ${(performance.now() - started).toFixed(2)} ms (TCP 연결 + 핸드셰이크, 처음 한 번만)`);

const echo = (text) =>
  new Promise((resolve) => {
    socket.onmessage = (event) => resolve(event.data);
    socket.send(text);
  });

const wsTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  started = performance.now();
  await echo(`ping ${i}`);
  wsTimes.push(performance.now() - started);
}
console.log(`WebSocket 메시지 왕복 ${ROUNDS}회: ${summary(wsTimes)}`);
socket.close(1000);

// ② HTTP: 같은 서버에 작은 요청(HEAD, 캐시 없이)을 보내고 응답이 올 때까지 잽니다.
const httpUrl = new URL("/socket.io/socket.io.esm.min.js", document.baseURI);
const httpTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  started = performance.now();
  await fetch(httpUrl, { method: "HEAD", cache: "no-store" });
  httpTimes.push(performance.now() - started);
}
console.log(`HTTP 요청·응답 ${ROUNDS}회: ${summary(httpTimes)}`);
