// 놀이터는 ws://example.com 으로 가는 연결을 이 사이트의 에코 서버로 이어 줍니다.
const socket = new WebSocket("ws://example.com/socketserver");

// 1. 연결이 성공하면 트리거된다.
socket.onopen = (event) => {
  console.log("서버와 연결.");
  // 4. 클라이언트에서 서버로 메시지를 보낼 수 있다. (연결이 열린 뒤에만!)
  socket.send("서버 하이.");
};

// 2. 연결이 닫히면 트리거된다.
socket.onclose = (event) => { console.log("서버와 연결 종료.") };

// 3. 서버로부터 메시지가 수신되면 트리거된다.
socket.onmessage = (event) => { console.log("서버에서 받은 메시지:", event.data) };

// 5. 통신 중 오류가 발생되면 트리거된다.
socket.onerror = (event) => { console.error("에러:", event) };
