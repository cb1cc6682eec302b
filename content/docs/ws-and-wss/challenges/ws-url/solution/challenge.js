// 도전 과제 정답: 페이지 주소를 기준으로 path를 풀고, 스킴만 http → ws, https → wss로 바꿉니다.
function toWebSocketUrl(pageUrl, path) {
  const url = new URL(path, pageUrl); // 호스트·포트는 페이지에서, 경로는 path에서. 페이지의 조각은 따라오지 않습니다.
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
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
