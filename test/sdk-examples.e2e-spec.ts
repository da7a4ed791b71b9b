import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Stack } from './support/stack';

/** The examples/ programs run as users would run them: node, the built SDK, a real local stack. */
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);

describe('SDK examples', () => {
  let stack: Stack;
  let env: Record<string, string>;

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'libs/sdk/tsconfig.json'], { cwd: ROOT });
    stack = await Stack.start();
    env = { ...(process.env as Record<string, string>), NOTIFY_API_URL: stack.apiUrl, NOTIFY_WS_URL: stack.wsUrl, NOTIFY_API_KEY: (await stack.createTenant()).apiKey };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function example(name: string): Promise<string> {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'examples', name)], { cwd: ROOT, env, timeout: 45_000 });
    return stdout;
  }

  it('publish-and-receive verifies three real deliveries and refuses a forged one', async () => {
    const out = await example('publish-and-receive.mjs');
    expect({ verified: out.match(/^verified order\.created/gm)?.length, out }).toEqual({ verified: 3, out });
    expect(out.match(/total=1 succeeded=1 failed=0 pending=0/g)).toHaveLength(3);
    expect(out).toContain('rejected: no matching signature');
    expect(out).toContain('forged request answered 400');
  });

  it('pull-consumer handles and acks every message', async () => {
    const out = await example('pull-consumer.mjs');
    expect(out).toContain('handled 5 messages');
    expect(out.match(/^job \d/gm)).toHaveLength(5);
  });

  it('browser-inbox gets live notifications with only a user token', async () => {
    const out = await example('browser-inbox.mjs');
    expect(out).toContain('unread: 0');
    expect(out).toContain('live: [mention] Ada mentioned you');
    expect(out).toContain('live: [comment] Bob replied');
    expect(out).toContain('inbox has 2, unread 2');
    expect(out).toContain('after reading the newest: unread 1');
  });
});
