const { WebSocketServer } = require("ws");

// 두 서버 모두 압축(permessage-deflate)을 켭니다. ws 서버에서는 기본으로 꺼져 있습니다.
// 8080: 기본 협상. 압축 상태(context)를 메시지 사이에 이어 씁니다(context takeover).
//       이때 ws는 threshold를 보지 않고 모든 메시지를 압축합니다.
const shared = new WebSocketServer({ port: 8080, perMessageDeflate: true });
// 8081: 서버 쪽 context takeover를 끕니다(server_no_context_takeover). 메시지마다 압축을 새로 시작합니다.
//       ws가 threshold(기본 1024바이트)를 따지는 것은 이때뿐입니다. 그보다 작은 메시지는 압축하지 않습니다.
const fresh = new WebSocketServer({ port: 8081, perMessageDeflate: { serverNoContextTakeover: true, threshold: 1024 } });

for (const [port, wss] of [[8080, shared], [8081, fresh]]) {
  wss.on("headers", (headers, request) => {
    console.log(`${port} 요청: Sec-WebSocket-Extensions: ${request.headers["sec-websocket-extensions"]}`);
    console.log(`${port} 응답: ${headers.find((line) => line.startsWith("Sec-WebSocket-Extensions")) ?? "(확장 없음)"}`);
  });
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      // ws가 이미 압축을 풀어서 넘겨줍니다. 돌려보낼 때 압축할지는 ws가 정합니다.
      console.log(`${port} 받은 메시지: ${data.length}바이트 (압축을 푼 크기)`);
      socket.send(data.toString());
    });
  });
}
