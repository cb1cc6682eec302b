// Server-Sent Events(SSE): 응답 하나를 끝내지 않고 열어 둔 채, 서버가 이벤트를 흘려보냅니다.
// 읽기용 예제: 이 코드가 부르는 /demo/sse 엔드포인트는 아직 놀이터 서버에 없습니다.
const source = new EventSource("/demo/sse");

source.onopen = () => console.log("SSE 연결됨");
source.onmessage = (event) => console.log("새 소식:", event.data, `(id ${event.lastEventId})`);
// 연결이 끊기면 EventSource가 스스로 다시 연결하고, 마지막으로 받은 id를
// Last-Event-ID 헤더로 보내 그다음 이벤트부터 이어 받습니다.
source.onerror = () => console.log("연결 끊김: 브라우저가 곧 다시 연결합니다");

// SSE는 서버 → 브라우저 한 방향뿐입니다. 브라우저가 보낼 때는 평범한 HTTP 요청을 따로 씁니다.
// await fetch("/demo/messages", { method: "POST", body: "안녕하세요" });
