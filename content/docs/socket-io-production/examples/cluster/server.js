// 한 컴퓨터의 코어를 모두 쓰는 Socket.IO 서버: Node.js cluster + 스티키 세션 + 클러스터 어댑터.
// 놀이터의 샌드박스는 자식 프로세스를 만들 수 없어서 여기서는 실행되지 않습니다. 내 컴퓨터에서:
//   npm add socket.io @socket.io/sticky @socket.io/cluster-adapter
//   node server.js
import cluster from "node:cluster";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import { Server } from "socket.io";
import { setupMaster, setupWorker } from "@socket.io/sticky";
import { createAdapter, setupPrimary } from "@socket.io/cluster-adapter";

const PORT = Number(process.env.PORT ?? 3000);
const WORKERS = Number(process.env.WORKERS ?? availableParallelism());

if (cluster.isPrimary) {
  // 주 프로세스는 포트를 열고 연결을 작업 프로세스에 나눠 줍니다. sid가 붙은 요청은 그 세션의 작업 프로세스로(스티키 세션).
  const httpServer = createServer();
  setupMaster(httpServer, { loadBalancingMethod: "least-connection" });
  // 작업 프로세스 사이의 브로드캐스트를 IPC로 이어 줍니다.
  setupPrimary();
  // 바이너리(Buffer)가 든 패킷도 IPC로 넘기려면 advanced 직렬화가 필요합니다.
  cluster.setupPrimary({ serialization: "advanced" });
  httpServer.listen(PORT, () => console.log(`주 프로세스 ${process.pid}: http://localhost:${PORT}`));
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  cluster.on("exit", (worker) => {
    console.log(`작업 프로세스 ${worker.process.pid}이(가) 끝났습니다. 새로 띄웁니다.`);
    cluster.fork();
  });
} else {
  const httpServer = createServer();
  const io = new Server(httpServer);
  io.adapter(createAdapter());
  setupWorker(io); // 포트는 열지 않습니다: 주 프로세스가 넘겨주는 연결을 받습니다.

  io.on("connection", (socket) => {
    socket.emit("hello", `작업 프로세스 ${process.pid}에 연결되었습니다.`);
    // io.emit은 어댑터를 거쳐 다른 작업 프로세스의 클라이언트에게도 갑니다.
    socket.on("message", (text) => io.emit("message", `[${process.pid}] ${text}`));
  });
}
