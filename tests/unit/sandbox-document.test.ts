import { describe, expect, it } from 'vitest';
import { buildSandboxDocument, socketIoShim } from '../../src/playground/sandbox-document.ts';

const origin = 'http://localhost:4321';

describe('buildSandboxDocument', () => {
  it('puts the learner code at the line it reports, so error lines map back to the editor', () => {
    const { html, firstUserLine } = buildSandboxDocument({ runId: 'r1', origin, code: 'const a = 1;\nthrow new Error("x");' });
    const lines = html.split('\n');
    expect(lines[firstUserLine - 1]).toBe('const a = 1;');
    expect(lines[firstUserLine]).toBe('throw new Error("x");');
    expect(html).toContain(`"firstUserLine":${firstUserLine}`);
  });

  it('runs the learner code as a module after the bridge', () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, code: 'x' });
    const bridge = html.indexOf('"runId":"r1"');
    expect(bridge).toBeGreaterThan(0);
    expect(html.indexOf('<script type="module">')).toBeGreaterThan(bridge);
  });

  it('cannot be broken out of by a </script> inside the learner code', () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, code: 'const s = "</script><img src=x onerror=alert(1)>";' });
    expect(html).toContain('const s = "<\\/script><img src=x onerror=alert(1)>";');
    expect(html.match(/<\/script>/g)?.length).toBe(3);
  });

  it("maps the seed's CDN import of the Socket.IO client to the locally served copy", () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, code: '' });
    const map = JSON.parse(/<script type="importmap">(.*?)<\/script>/.exec(html)?.[1] ?? '{}') as { imports: Record<string, string> };
    const target = map.imports['https://cdn.socket.io/4.7.5/socket.io.esm.min.js'];
    expect(target).toBe(socketIoShim(origin));
    expect(decodeURIComponent(target?.split(',')[1] ?? '')).toContain(`from "${origin}/socket.io/socket.io.esm.min.js"`);
    expect(html).not.toMatch(/<script[^>]+src="https:\/\/cdn/);
  });

  it('points ws://example.com at the echo endpoint of the same server', () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin, code: '' });
    expect(html).toContain('["ws://example.com","ws://localhost:4321/ws/echo"]');
  });
});
