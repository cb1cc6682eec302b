import { describe, expect, it } from 'vitest';
import { createTargetPolicy } from '../../../playground-server/inspect/target-policy.ts';

/** A resolver that answers from a table, as DNS would (including a rebinding name). */
const table: Record<string, Array<{ address: string; family: number }>> = {
  localhost: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }],
  'metadata.evil.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.evil.example': [{ address: '127.0.0.1', family: 4 }, { address: '10.0.0.5', family: 4 }],
  'ws.lab.example': [{ address: '10.1.2.3', family: 4 }],
  'lab-metadata.example': [{ address: '169.254.169.254', family: 4 }],
};
const lookup = async (host: string) => {
  const found = table[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

describe('where the inspector may connect', () => {
  const loopbackOnly = createTargetPolicy({ allowed: [], publicBind: false, lookup });

  it.each([
    ['ws://localhost:3000/', '127.0.0.1', 3000, false],
    ['wss://localhost/chat', '127.0.0.1', 443, true],
    ['http://127.0.0.1:8080/socket.io/', '127.0.0.1', 8080, false],
    ['ws://[::1]:9000', '::1', 9000, false],
    ['http://2130706433:8080/', '127.0.0.1', 8080, false],
    ['http://0177.0.0.1:8080/', '127.0.0.1', 8080, false],
    ['ws://127.1:8080/', '127.0.0.1', 8080, false],
    ['ws://[::ffff:127.0.0.1]:8080/', '::ffff:7f00:1', 8080, false],
  ])('allows %s on loopback (connects to %s:%d)', async (raw, address, port, tls) => {
    const result = await loopbackOnly(raw);
    expect(result).toHaveProperty('target');
    if ('target' in result) expect(result.target).toMatchObject({ address, port, tls });
  });

  it.each([
    ['ws://10.0.0.5:3000/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://192.168.0.10/', 'INSPECT_TARGET_FORBIDDEN'],
    ['http://169.254.169.254/latest/meta-data/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[::ffff:169.254.169.254]/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[::ffff:a9fe:a9fe]/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[fd00:ec2::254]/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[fe80::1]/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[64:ff9b::a9fe:a9fe]/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[2002:a9fe:a9fe::1]/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://0.0.0.0:3000/', 'INSPECT_TARGET_FORBIDDEN'],
    ['http://0:3000/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://[::]:3000/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://metadata.evil.example/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://mixed.evil.example/', 'INSPECT_TARGET_FORBIDDEN'],
    ['ws://nowhere.example/', 'INSPECT_TARGET_UNRESOLVED'],
    ['ftp://127.0.0.1/', 'INSPECT_BAD_TARGET'],
    ['file:///etc/passwd', 'INSPECT_BAD_TARGET'],
    ['ws://user:secret@127.0.0.1/', 'INSPECT_BAD_TARGET'],
    ['127.0.0.1:3000', 'INSPECT_BAD_TARGET'],
    ['', 'INSPECT_BAD_TARGET'],
  ])('refuses %s with %s', async (raw, code) => {
    const result = await loopbackOnly(raw);
    expect(result).toMatchObject({ code });
    if ('message' in result) expect(result.message).toMatch(/[가-힣]/);
  });

  it('INSPECT_TARGETS adds exact names and CIDRs, never the metadata addresses', async () => {
    const lab = createTargetPolicy({ allowed: ['ws.lab.example', '192.168.0.0/24', 'lab-metadata.example', '169.254.0.0/16'], publicBind: true, lookup });
    expect(await lab('ws://ws.lab.example:3000/')).toHaveProperty('target.address', '10.1.2.3');
    expect(await lab('ws://192.168.0.77/')).toHaveProperty('target.address', '192.168.0.77');
    expect(await lab('ws://192.168.1.77/')).toMatchObject({ code: 'INSPECT_TARGET_FORBIDDEN' });
    expect(await lab('ws://lab-metadata.example/')).toMatchObject({ code: 'INSPECT_TARGET_FORBIDDEN' });
    expect(await lab('http://169.254.169.254/')).toMatchObject({ code: 'INSPECT_TARGET_FORBIDDEN' });
  });

  it('is off on a public bind unless INSPECT_TARGETS is set', async () => {
    const open = createTargetPolicy({ allowed: [], publicBind: true, lookup });
    expect(await open('ws://localhost:3000/')).toMatchObject({ code: 'INSPECT_DISABLED' });
  });

  it('resolves once: the address checked is the one returned to connect to', async () => {
    let calls = 0;
    const rebinding = createTargetPolicy({
      allowed: [],
      publicBind: false,
      lookup: async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]),
    });
    const result = await rebinding('ws://rebind.example:3000/');
    expect(calls).toBe(1);
    expect(result).toHaveProperty('target.address', '127.0.0.1');
    expect(result).toHaveProperty('target.servername', 'rebind.example');
  });
});
