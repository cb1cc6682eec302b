import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectionLimitsSchema } from '../../playground-server/limits/limit-settings.ts';
import { CaptureStore } from '../../src/inspector/capture-store.ts';
import { engineIoSessions } from '../../src/inspector/engine-io-sessions.ts';
import { fixtureText } from './inspector/capture-fixtures.ts';

/**
 * Facts the lessons state about recorded captures and about this server, derived from the captures
 * and the server's own configuration, so a lesson cannot drift from what it shows.
 */
const lesson = (slug: string) => readFileSync(new URL(`../../content/docs/${slug}/index.mdx`, import.meta.url), 'utf8');

function storeOf(name: 'ws-echo-chromium.json' | 'socket-io-upgrade.json' | 'ws-permessage-deflate.json'): CaptureStore {
  const store = new CaptureStore();
  const result = store.fromCaptureFile(fixtureText(name));
  if (!result.ok) throw new Error(result.error);
  return store;
}

/** The upgrade's four packets as the capture holds them, in time order. */
function upgradeOrderInCapture(): string[] {
  const [session] = engineIoSessions(storeOf('socket-io-upgrade.json').connections);
  return (session?.timeline ?? []).filter((step) => ['probe-ping', 'probe-pong', 'noop', 'upgrade'].includes(step.kind)).map((step) => step.wire);
}

/** Where each of the upgrade's packets is first named in `text` ("2probe", "3probe", "6" noop, "5" upgrade), in the order they appear. */
function orderIn(text: string, names: Record<string, RegExp>): string[] {
  return Object.entries(names)
    .map(([packet, pattern]) => [packet, text.search(pattern)] as const)
    .filter(([, at]) => at >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([packet]) => packet);
}

describe('the transport upgrade, as the capture shows it and the lessons tell it', () => {
  const order = upgradeOrderInCapture();

  it('the capture (Chromium and socket.io) holds 2probe → 3probe → 6 (noop, on the pending poll) → 5', () => {
    expect(order).toEqual(['2probe', '3probe', '6', '5']);
  });

  it('the diagram of ‘Socket.IO 더 깊이’ draws the packets top to bottom in that order', () => {
    const svg = /<svg[^>]*aria-labelledby="sio-upgrade-title"[\s\S]*?<\/svg>/.exec(lesson('socket-io-advanced'))?.[0] ?? '';
    const labels = [...svg.matchAll(/<text x="\d+" y="(\d+)">([^<]*)<\/text>/g)].map(([, y, text]) => ({ y: Number(y), text: text ?? '' }));
    const rowOf = (pattern: RegExp) => labels.find((label) => pattern.test(label.text))?.y ?? -1;
    const drawn = (
      [
        ['2probe', rowOf(/^2probe$/)],
        ['3probe', rowOf(/^3probe$/)],
        ['6', rowOf(/6 \(noop\)/)],
        ['5', rowOf(/^5 \(upgrade\)$/)],
      ] as const
    )
      .filter(([, y]) => y >= 0)
      .sort((a, b) => a[1] - b[1])
      .map(([packet]) => packet);
    expect(drawn).toEqual(order);
  });

  it('every paragraph of the lessons that walks through the upgrade names the packets in that order', () => {
    const names = { '2probe': /2probe/, '3probe': /3probe/, '6': /`6`\s*\(noop\)|noop 패킷 6|`6`\(noop\)/, '5': /`5`\s*\(upgrade\)|`5`\(upgrade\)|upgrade 패킷 5|업그레이드 패킷 `5`|`5`를 보내/ };
    const walked: string[] = [];
    for (const slug of ['socket-io', 'socket-io-advanced', 'inspector']) {
      for (const paragraph of lesson(slug).split(/\n\s*\n/)) {
        const found = orderIn(paragraph, names);
        if (found.length < 3) continue;
        walked.push(slug);
        expect(found, `${slug}: ${paragraph.slice(0, 120)}`).toEqual(order.filter((packet) => found.includes(packet)));
      }
    }
    // The diagram's description and the numbered list of ‘Socket.IO 더 깊이’, and ‘Socket.IO로 채팅하기’, at least.
    expect(walked.length).toBeGreaterThanOrEqual(3);
  });

  it('the capture’s heartbeat goes server → client (2) and client → server (3), as the packet table says', () => {
    const [session] = engineIoSessions(storeOf('socket-io-upgrade.json').connections);
    const heartbeat = (session?.packets ?? []).filter((row) => row.raw === '2' || row.raw === '3');
    expect(heartbeat.length).toBeGreaterThan(0);
    for (const row of heartbeat) expect(row.direction).toBe(row.raw === '2' ? 'server-to-client' : 'client-to-server');
    expect(lesson('socket-io-advanced')).toContain('| `2` | ping | **서버**가 `pingInterval`마다 보냄.');
  });
});

describe('sizes the lessons read off the recorded echo capture', () => {
  const sizes = storeOf('ws-echo-chromium.json').connections.flatMap((connection) =>
    connection.events.flatMap((event) => (event.type === 'frame' && event.direction === 'client-to-server' && event.frame.opcodeName === 'text' ? [event.frame.payloadLength] : [])),
  );

  it('the long text message is 210 bytes (16-bit length), and ‘프레임’ and ‘검사기 쓰는 법’ both say so', () => {
    expect(sizes).toContain(210);
    for (const slug of ['frames', 'inspector']) {
      expect(lesson(slug), slug).toContain('210바이트 텍스트');
      expect(lesson(slug), slug).not.toMatch(/200바이트/);
    }
  });
});

describe('the playground’s own limits, as ‘보안’ states them', () => {
  it('names the defaults this server applies (burst, rate, connections per address, idle time, ping interval)', () => {
    const limits = connectionLimitsSchema.parse({});
    const security = lesson('security');
    expect(security).toContain(`한꺼번에 ${limits.rateBurst}개`);
    expect(security).toContain(`초당 ${limits.ratePerSecond}개`);
    expect(security).toContain(`동시에 ${limits.maxConnectionsPerIp}개`);
    expect(security).toContain(`${limits.idleTimeoutMs / 60_000}분 동안 조용한 연결`);
    expect(security).toContain(`${limits.pingIntervalMs / 1000}초마다 ping`);
  });
});
