// 연결이 끊기면 다시 연결합니다: 지수 백오프(exponential backoff) + 지터(jitter)
const BASE_DELAY = 250; // 첫 재시도는 최대 0.25초 뒤
const MAX_DELAY = 8000; // 아무리 길어져도 최대 8초
let failures = 0; // 연달아 실패한 횟수: 성공하면 0으로
let outage = 0; // ‘서버 장애 흉내’: 이 횟수만큼 연결이 실패합니다
let socket;
const status = document.querySelector("#status");

// 다시 연결하지 않을 닫힘 코드. 4000~4999는 애플리케이션이 뜻을 정하는 코드라서, 이 예제가 정했습니다:
// 4001은 ‘로그아웃’(멈춤), 4000은 ‘끊김 흉내’(다시 연결). 1006(끊김), 1001(서버 재시작), 1011 등에서는 다시 연결합니다.
const FINAL = { 1000: "정상 종료", 1008: "정책 위반", 4001: "로그아웃" };

function connect() {
  // 장애를 흉내 낼 때는 없는 경로로 연결해, 서버가 핸드셰이크를 거절하게 합니다.
  const url = outage > 0 ? "/ws/echo-is-down" : "/ws/echo";
  if (outage > 0) outage -= 1;
  socket = new WebSocket(url);

  socket.onopen = () => {
    console.log(failures === 0 ? "연결됨" : `연결됨 (${failures}번 실패한 끝에)`);
    failures = 0;
    status.textContent = "연결됨";
    status.className = "online";
  };

  socket.onclose = (event) => {
    status.className = "";
    // 다시 연결해도 소용없는 닫힘이면 멈춥니다.
    const final = FINAL[event.code];
    if (final) {
      console.log(`${final}(${event.code}): 다시 연결하지 않습니다.`);
      status.textContent = "연결을 끝냈습니다.";
      return;
    }
    // 실패할수록 기다리는 시간의 상한을 두 배씩 늘리고(지수 백오프),
    // 실제로는 0부터 그 상한 사이에서 무작위로 고릅니다(풀 지터: 모두가 한꺼번에 몰려오지 않게).
    const cap = Math.min(MAX_DELAY, BASE_DELAY * 2 ** failures);
    const delay = Math.round(Math.random() * cap);
    failures += 1;
    console.log(`끊김(code ${event.code}) → ${failures}번째 재시도를 ${delay} ms 뒤에 (상한 ${cap} ms)`);
    status.textContent = `${delay} ms 뒤에 다시 연결합니다… (${failures}번째 시도)`;
    setTimeout(connect, delay);
  };
}

connect();

// 네트워크가 끊긴 것처럼: 진짜 끊김이라면 코드는 1006이지만, 페이지는 1006을 보낼 수 없으므로
// 이 예제가 ‘다시 연결’로 정한 4000으로 직접 닫아 흉내 냅니다. 진짜 1006은 검사기의 ‘네트워크 실험’ → ‘연결 끊기’로 만듭니다.
document.querySelector("#drop").onclick = () => socket.close(4000, "끊김 흉내");
document.querySelector("#logout").onclick = () => socket.close(4001, "로그아웃");
document.querySelector("#outage").onclick = () => {
  outage = 3;
  socket.close(4000, "서버 장애 흉내");
};
document.querySelector("#stop").onclick = () => socket.close(1000, "그만");
