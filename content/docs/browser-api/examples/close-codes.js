// 연결이 닫히는 여러 경우의 닫힘 코드(code), 이유(reason), wasClean을 봅니다.
const connect = (url = "/ws/echo") =>
  new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.onopen = () => resolve(socket);
  });
const closed = (socket) => new Promise((resolve) => socket.addEventListener("close", resolve, { once: true }));
const report = (label, event) =>
  console.log(`${label} → code ${event.code}, reason "${event.reason}", wasClean ${event.wasClean}`);

// ① 정상 종료 1000
let socket = await connect();
socket.close(1000, "다 했어요");
report("① close(1000)", await closed(socket));

// ② 4000~4999는 애플리케이션이 뜻을 정해 쓰는 코드입니다. (여기서는 4001 = 로그아웃)
socket = await connect();
socket.close(4001, "로그아웃");
report("② close(4001)", await closed(socket));

// ③ 코드 없이 닫으면 닫힘 프레임에 코드가 없으므로, 받는 쪽은 1005(코드 없음)를 봅니다.
socket = await connect();
socket.close();
report("③ close()", await closed(socket));

// ④ 브라우저는 1000과 3000~4999만 보낼 수 있습니다. 다른 코드는 InvalidAccessError.
try {
  socket.close(1001);
} catch (error) {
  console.log(`④ close(1001) → ${error.name}`);
}

// ⑤ 이유(reason)는 UTF-8로 123바이트까지입니다. 한글 42자는 126바이트라서 SyntaxError.
try {
  socket.close(1000, "가".repeat(42));
} catch (error) {
  console.log(`⑤ 126바이트짜리 reason → ${error.name}`);
}

// ⑥ 서버가 닫는 경우: 이 놀이터는 64 KiB보다 큰 메시지를 받으면 1009(너무 큼)로 닫습니다.
socket = await connect();
socket.send("x".repeat(70000));
report("⑥ 70000바이트를 보냄", await closed(socket));

// ⑦ 연결조차 못 한 경우: 없는 경로라서 서버가 핸드셰이크를 거절합니다.
//    닫힘 프레임을 주고받지 못했으니 1006, wasClean false. 이유는 error 이벤트에도 나오지 않습니다.
socket = new WebSocket("/ws/no-such-endpoint");
socket.onerror = (event) => console.log(`⑦ ${event.type} 이벤트`);
report("⑦ 없는 경로", await closed(socket));
