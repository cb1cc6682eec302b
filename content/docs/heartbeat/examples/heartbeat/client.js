// 애플리케이션 수준 하트비트: 페이지는 ping 프레임을 보낼 수 없으니, 메시지로 묻고 답을 기다립니다.
const PING_EVERY = 2000; // 2초마다 한 번 묻습니다.
const ANSWER_WITHIN = 3000; // ping을 보낸 뒤 3초 동안 아무것도 받지 못하면 끊긴 것으로 봅니다.

const status = document.querySelector("#status");
let socket;
let lastHeard = 0; // 마지막으로 무엇이든 받은 시각
let pingSentAt = 0; // 아직 답을 못 받은 ping을 보낸 시각(0이면 없음)
let pingId = 0;
let failures = 0;

function show(text, state) {
  status.textContent = text;
  status.dataset.state = state;
}

function connect() {
  show("연결하는 중…", "connecting");
  const current = new WebSocket("ws://localhost:8080");
  socket = current;
  current.onopen = () => {
    failures = 0;
    lastHeard = performance.now();
    pingSentAt = 0;
    console.log("연결됨");
    show("연결됨", "online");
  };
  current.onmessage = (event) => {
    // pong만이 아니라 무엇이든 받으면 연결이 살아 있다는 증거입니다.
    lastHeard = performance.now();
    const message = JSON.parse(event.data);
    if (message.type === "pong") {
      console.log(`pong ${message.id}: ${Math.round(lastHeard - pingSentAt)} ms 만에 답`);
      pingSentAt = 0;
    }
  };
  current.onclose = (event) => {
    if (current !== socket) return; // 이미 버린 연결이 늦게 닫힌 것은 상관없습니다.
    console.log(`닫힘: code ${event.code}`);
    reconnectLater();
  };
}

// 답 없는 연결을 버립니다. close()를 부르지만 닫기 핸드셰이크가 끝나기를 기다리지는 않습니다.
function abandon(old) {
  old.onmessage = null;
  old.onclose = null;
  old.close(4000, "no heartbeat");
}

function reconnectLater() {
  // ‘WebSocket 클라이언트’ 수업의 지수 백오프와 풀 지터
  const cap = Math.min(8000, 250 * 2 ** failures);
  const delay = Math.round(Math.random() * cap);
  failures += 1;
  show(`끊겼습니다. ${delay} ms 뒤에 다시 연결합니다.`, "offline");
  setTimeout(connect, delay);
}

function beat() {
  if (socket.readyState !== WebSocket.OPEN) return;
  const now = performance.now();
  // 보낸 ping 뒤로 아무것도 오지 않은 채 ANSWER_WITHIN이 지났으면 끊긴 것입니다.
  if (pingSentAt !== 0 && lastHeard < pingSentAt && now - pingSentAt > ANSWER_WITHIN) {
    console.log(`끊김 감지: ping을 보낸 지 ${Math.round(now - pingSentAt)} ms 동안 아무것도 받지 못했습니다.`);
    const dead = socket;
    abandon(dead);
    reconnectLater();
    return;
  }
  if (pingSentAt === 0) {
    pingId += 1;
    pingSentAt = now;
    socket.send(JSON.stringify({ type: "ping", id: pingId }));
  }
}

connect();
setInterval(beat, PING_EVERY);
// 탭이 다시 보이면 타이머를 기다리지 않고 바로 확인합니다.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") beat();
});
