import { WebSocketServer } from "ws";

// 시험할 서버(고치지 않습니다). 연결하면 인사하고, "ping"에는 "pong"으로 답하고, 바이너리를 받으면 1003으로 닫습니다.
export function startServer(port = 0) {
  const wss = new WebSocketServer({ port });
  wss.on("connection", (socket) => {
    socket.on("error", () => {});
    socket.send(JSON.stringify({ type: "hello", clients: wss.clients.size }));
    socket.on("message", (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, "텍스트만 받습니다");
        return;
      }
      if (data.toString() === "ping") socket.send("pong");
    });
  });
  return new Promise((resolve) => wss.on("listening", () => resolve(wss)));
}
