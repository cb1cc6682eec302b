import { WebSocketServer } from "ws";

/**
 * 채팅 서버를 시작합니다. 테스트가 쓰기 좋게 포트를 밖에서 받고(0이면 빈 포트),
 * 포트를 연 뒤에 서버를 돌려줍니다.
 */
export function startChatServer(port = 0) {
  const wss = new WebSocketServer({ port });
  wss.on("connection", (socket) => {
    socket.on("error", () => {});
    socket.on("message", (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, "텍스트만 받습니다");
        return;
      }
      for (const client of wss.clients) {
        if (client.readyState === client.OPEN) client.send(`말함: ${data}`);
      }
    });
  });
  return new Promise((resolve) => wss.on("listening", () => resolve(wss)));
}
