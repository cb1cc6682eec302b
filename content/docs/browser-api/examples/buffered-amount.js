// send()는 기다리지 않고 곧바로 돌아옵니다. 아직 네트워크로 나가지 못한 데이터는 브라우저의
// 보내기 버퍼에 쌓이고, socket.bufferedAmount가 그 크기(바이트)를 알려 줍니다.
const socket = new WebSocket("/ws/echo");
await new Promise((resolve) => (socket.onopen = resolve));
let echoes = 0;
socket.onmessage = () => (echoes += 1);

const chunk = new Uint8Array(60 * 1024); // 60 KiB: 이 놀이터의 메시지 한도(64 KiB)보다 작게
const COUNT = 50;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const kib = (bytes) => `${Math.round(bytes / 1024).toLocaleString()} KiB`;

// ① 한꺼번에 보내기: 50번의 send()가 눈 깜짝할 새 끝나고, 데이터는 버퍼에 쌓입니다.
let start = performance.now();
for (let i = 0; i < COUNT; i++) socket.send(chunk);
console.log(`① send() ${COUNT}번 직후 bufferedAmount: ${kib(socket.bufferedAmount)}`);
let shownAt = 0;
while (socket.bufferedAmount > 0) {
  await sleep(5);
  // 느린 네트워크에서는 오래 걸리니, 20 ms에 한 줄만 출력합니다.
  if (performance.now() - shownAt < 20) continue;
  shownAt = performance.now();
  console.log(`   ${(shownAt - start).toFixed(0)} ms: ${kib(socket.bufferedAmount)} 남음`);
}
console.log(`① 버퍼가 다 비기까지 ${(performance.now() - start).toFixed(0)} ms`);

// ② 배압(back-pressure) 지키기: 버퍼가 기준(high-water mark)보다 크면 줄어들 때까지 기다렸다 보냅니다.
//    느린 네트워크에서 이렇게 하지 않으면 버퍼가 끝없이 커져 메모리를 잡아먹습니다.
const HIGH_WATER = 256 * 1024;
async function sendWithBackpressure(data) {
  while (socket.bufferedAmount > HIGH_WATER) await sleep(5);
  socket.send(data);
}
let highest = 0;
start = performance.now();
for (let i = 0; i < COUNT; i++) {
  await sendWithBackpressure(chunk);
  highest = Math.max(highest, socket.bufferedAmount);
}
console.log(`② 배압을 지키며 ${COUNT}번 보냄: bufferedAmount는 가장 클 때도 ${kib(highest)} (기준 ${kib(HIGH_WATER)} + 한 조각)`);

// 에코가 모두 돌아오면 닫습니다.
while (echoes < COUNT * 2) await sleep(10);
console.log(`에코 ${echoes}개를 모두 받았습니다.`);
socket.close(1000);
