// 1초마다 ping을 보냅니다. 에코 서버는 받은 것을 그대로 돌려주므로, 돌아온 ping이 곧 답(pong)입니다.
// 할 일: ping을 보낸 뒤 3초 동안 아무것도 받지 못하면
//   1) console.log("끊김 감지")를 찍고
//   2) 그 연결을 버리고 connect()로 새 연결을 여세요.
const PING_EVERY = 1000;
const ANSWER_WITHIN = 3000;
let socket;

function connect() {
  const current = new WebSocket("/ws/echo");
  socket = current;
  current.onopen = () => console.log("연결됨");
  current.onmessage = () => {
    // 무엇이든 받았다는 것을 어딘가에 기억해 두어야 합니다.
  };
}

connect();
setInterval(() => {
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify({ type: "ping", at: Date.now() }));
}, PING_EVERY);
