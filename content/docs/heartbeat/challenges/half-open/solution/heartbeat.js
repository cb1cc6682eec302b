// 1초마다 ping을 보냅니다. 에코 서버는 받은 것을 그대로 돌려주므로, 돌아온 ping이 곧 답(pong)입니다.
const PING_EVERY = 1000;
const ANSWER_WITHIN = 3000;
let socket;
let lastHeard = 0; // 마지막으로 무엇이든 받은 시각
let pingSentAt = 0; // 아직 답을 못 받은 ping을 보낸 시각(0이면 없음)

function connect() {
  const current = new WebSocket("/ws/echo");
  socket = current;
  pingSentAt = 0;
  current.onopen = () => {
    lastHeard = performance.now();
    console.log("연결됨");
  };
  current.onmessage = () => {
    lastHeard = performance.now();
    pingSentAt = 0;
  };
}

connect();
setInterval(() => {
  if (socket.readyState !== WebSocket.OPEN) return;
  const now = performance.now();
  if (pingSentAt !== 0 && lastHeard < pingSentAt && now - pingSentAt > ANSWER_WITHIN) {
    console.log("끊김 감지");
    // 답 없는 연결은 버립니다: 핸들러를 떼고 닫되, 닫히기를 기다리지 않고 새로 엽니다.
    socket.onmessage = null;
    socket.close(4000, "no heartbeat");
    connect();
    return;
  }
  if (pingSentAt === 0) pingSentAt = now;
  socket.send(JSON.stringify({ type: "ping", at: Date.now() }));
}, PING_EVERY);
