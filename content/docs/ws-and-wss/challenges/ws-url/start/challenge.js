// 도전 과제: 페이지 주소에서 같은 서버의 WebSocket 주소를 만드세요.
// http 페이지 → ws://, https 페이지 → wss://. 호스트와 포트는 그대로, 경로는 path로, 조각(#…)은 버립니다.
function toWebSocketUrl(pageUrl, path) {
  const page = new URL(pageUrl);
  return "ws://" + page.host + path; // https 페이지에서도 ws://를 만듭니다: 혼합 콘텐츠로 막힙니다!
}

const pages = [
  "http://localhost:4321/ws-and-wss/#intro",
  "https://ws.school.example/lesson?week=3",
  "https://example.com:8443/a/b#top",
];
for (const page of pages) console.log(`${page} → ${toWebSocketUrl(page, "/ws/chat")}`);

// 이 수업 페이지의 주소로 만든 주소에 실제로 연결해 봅니다.
const socket = new WebSocket(toWebSocketUrl(document.baseURI, "/ws/echo"));
socket.onopen = () => socket.send("주소가 맞았어요");
socket.onmessage = (event) => {
  console.log("에코:", event.data);
  socket.close(1000);
};
