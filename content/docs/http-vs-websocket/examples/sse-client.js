// Server-Sent Events(SSE): 응답 하나를 끝내지 않고 열어 둔 채, 서버가 이벤트를 흘려보냅니다.
// /demo/sse는 HTML 표준의 text/event-stream 형식으로 "id: 12\ndata: {...}\n\n"처럼 이벤트를 보냅니다.
const EVERY = 500;
const bytes = (text) => new TextEncoder().encode(text).length;
const source = new EventSource(`/demo/sse?every=${EVERY}`);
let received = 0;

source.onopen = () => console.log("SSE 연결됨: 이 응답은 끝나지 않고, 이벤트가 생길 때마다 이어서 도착합니다.");
source.onmessage = (event) => {
  const { id } = JSON.parse(event.data);
  // 서버가 보낸 모양 그대로 다시 만들어 바이트를 셉니다(빈 줄 하나가 이벤트의 끝).
  const block = `id: ${event.lastEventId}\ndata: ${event.data}\n\n`;
  console.log(`소식 id ${id} 도착 (lastEventId "${event.lastEventId}", 이벤트 한 덩어리 ${bytes(block)}바이트)`);
  if (++received === 5) {
    source.close(); // close()를 부르지 않으면 EventSource는 끊겨도 스스로 다시 연결합니다
    console.log("EventSource를 닫았습니다.");
  }
};
// 연결이 끊기면 EventSource가 retry 간격 뒤 스스로 다시 연결하고, 마지막으로 받은 id를
// Last-Event-ID 헤더로 보내 그다음 이벤트부터 이어 받습니다.
source.onerror = () => console.log("연결 끊김: 브라우저가 곧 Last-Event-ID를 붙여 다시 연결합니다.");

// SSE는 서버 → 브라우저 한 방향뿐입니다. 브라우저가 보낼 때는 fetch 같은 평범한 HTTP 요청을 따로 씁니다.
