import type { Check, ProgramResult } from '~/playground/challenge-api.ts';
import server from './start/server.js?raw';

/** The server as given, and three copies with one bug each that the learner's tests must catch. */
const BUGS: Array<{ name: string; from: string; to: string; missed: string }> = [
  {
    name: 'pong 대신 다른 답',
    from: 'socket.send("pong");',
    to: 'socket.send("pong!");',
    missed: '"ping"에 "pong!"으로 답하는 서버를 잡지 못했습니다. 받은 답이 정확히 "pong"인지 확인하세요.',
  },
  {
    name: 'ping에 답하지 않음',
    from: 'if (data.toString() === "ping") socket.send("pong");',
    to: 'if (data.toString() === "ping") return;',
    missed: '"ping"에 아예 답하지 않는 서버를 잡지 못했습니다. pong을 기다리는 곳에 시간 제한(AbortSignal.timeout)을 두어, 오지 않으면 실패하게 하세요.',
  },
  {
    name: '바이너리에 1000으로 닫음',
    from: 'socket.close(1003, "텍스트만 받습니다");',
    to: 'socket.close(1000, "텍스트만 받습니다");',
    missed: '바이너리를 받고 1003이 아니라 1000으로 닫는 서버를 잡지 못했습니다. close 이벤트의 닫힘 코드를 확인하세요.',
  },
];

/** The learner's test file is the file that is not server.js (they may rename it). */
function testFileOf(files: Readonly<Record<string, string>>): string | undefined {
  return Object.keys(files).find((name) => name !== 'server.js' && name.endsWith('.js'));
}

const ranOut = (run: ProgramResult) => run.exitCode === null;

/**
 * 도전 과제 ‘버그를 잡는 테스트’: mutation testing. The check runs the learner's test file with
 * its own copy of the server (edits to server.js do not count): the tests must pass against the
 * server as given and fail — within the time limit, not by hanging — against each copy with a bug.
 */
const check: Check = async ({ files, runProgram }) => {
  const testFile = testFileOf(files);
  if (testFile === undefined) return [{ ok: false, text: '테스트 파일을 찾지 못했습니다.' }];
  const runWith = (source: string) => runProgram({ 'server.js': source, [testFile]: files[testFile] ?? '' }, testFile, { timeoutMs: 6000 });
  const healthy = await runWith(server);
  const results = [
    {
      ok: healthy.exitCode === 0,
      text:
        healthy.exitCode === 0
          ? '주어진(올바른) 서버에서는 테스트가 모두 통과합니다.'
          : ranOut(healthy)
            ? '주어진 서버에서 테스트가 6초 안에 끝나지 않았습니다. 기다리는 곳마다 시간 제한을 두고, 연 소켓은 t.after로 닫으세요.'
            : `주어진(올바른) 서버에서 테스트가 실패합니다(종료 코드 ${healthy.exitCode}). 올바른 서버에서는 통과해야 합니다: ${healthy.output.find((line) => line.includes('✖')) ?? ''}`,
    },
  ];
  for (const bug of BUGS) {
    if (!server.includes(bug.from)) throw new Error(`the bug "${bug.name}" no longer applies to server.js`);
    const run = await runWith(server.replace(bug.from, bug.to));
    results.push({
      ok: run.exitCode === 1,
      text:
        run.exitCode === 1
          ? `버그(${bug.name})가 있는 서버에서는 테스트가 실패합니다.`
          : ranOut(run)
            ? `버그(${bug.name})가 있는 서버에서 테스트가 끝나지 않고 멈췄습니다. 기다리는 곳에 시간 제한을 두어 실패로 끝나게 하세요.`
            : bug.missed,
    });
  }
  return results;
};

export default check;
