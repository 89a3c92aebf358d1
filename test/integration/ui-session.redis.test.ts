// The web UI's session and request safety over plain HTTP (no browser): cookie attributes,
// CSRF refusals, security headers, no open redirect after sign-in, session state in Redis
// without secrets, revocation taking effect at the next request, sign-in attempts limited per
// address, and the UI switched off.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../core/tokens.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { FORM, signInWithToken as signIn, visitSignIn } from '../helpers/ui-session.ts';

let rl: TestRuntime;
beforeAll(async () => {
  rl = await startTestRuntime({ ui: { signInAttemptsPerMinute: 1000 } });
});
afterAll(() => rl?.close());

const visit = (url = rl.url) => visitSignIn(url);
const signInWithToken = (token: string, next?: string) => signIn(rl.url, token, next);

describe('web UI sessions', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie scoped to /ui, not Secure over plain HTTP in auto mode', async () => {
    const { setCookie } = await visit();
    expect(setCookie).toMatch(/^rl_session=[^;]+; Path=\/ui; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
  });

  it('with secureCookie always, sets the cookie only over HTTPS (here: behind a TLS proxy), marked Secure', async () => {
    const secure = await startTestRuntime({ trustProxy: true, ui: { secureCookie: 'always' } });
    try {
      expect((await fetch(`${secure.url}/ui/sign-in`)).headers.get('set-cookie')).toBeNull();
      const proxied = await fetch(`${secure.url}/ui/sign-in`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(proxied.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await secure.close();
    }
  });

  it.each([
    { name: 'no CSRF token', token: () => '' },
    { name: 'a CSRF token of another session', token: async () => (await visit()).csrf },
  ])('refuses a POST with $name', async ({ token }) => {
    const { cookie } = await visit();
    const response = await fetch(`${rl.url}/ui/sign-in`, { method: 'POST', headers: { ...FORM, cookie }, body: new URLSearchParams({ _csrf: await token(), method: 'token', token: 'x' }) });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<code>RL_UI_CSRF</code>');
  });

  it('sends pages with a strict content security policy and never caches them', async () => {
    const response = await fetch(`${rl.url}/ui/sign-in`);
    expect(Object.fromEntries(['content-security-policy', 'x-content-type-options', 'cache-control', 'content-type'].map((h) => [h, response.headers.get(h)]))).toEqual({
      'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
    });
  });

  it.each([
    { next: 'https://evil.example/ui/', want: '/ui/' },
    { next: '//evil.example/ui/', want: '/ui/' },
    { next: '/ui//evil.example', want: '/ui/' },
    { next: '/ui/runs?status=failure', want: '/ui/runs?status=failure' },
  ])('after signing in goes to $want when asked for $next', async ({ next, want }) => {
    const { response } = await signInWithToken(await rl.token('viewer'), next);
    expect({ status: response.status, location: response.headers.get('location') }).toEqual({ status: 303, location: want });
  });

  it('keeps session state in Redis without the token, and ends the session when the token is revoked', async () => {
    const admin = await rl.token('admin');
    const { cookie } = await signInWithToken(admin);
    expect((await fetch(`${rl.url}/ui/runs`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);

    const redis = new Redis(rl.runtime.config.redisUrl);
    try {
      const keys = await redis.keys(`${rl.runtime.config.queuePrefix}:ui-session:*`);
      const values = await Promise.all(keys.map((key) => redis.get(key)));
      expect(values.filter((v) => v?.includes(admin))).toEqual([]);
      const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
      expect(ttls.filter((ms) => ms <= 0 || ms > 60 * 60_000)).toEqual([]);
    } finally {
      redis.disconnect();
    }

    const tokens = await rl.runtime.store.tokens.list(rl.tenant);
    const record = tokens.find((t) => t.role === 'admin')!;
    await revokeToken(rl.runtime.store, { tenant: rl.tenant, id: record.id, actor: 'test' });
    const after = await fetch(`${rl.url}/ui/runs`, { headers: { cookie }, redirect: 'manual' });
    expect({ status: after.status, location: after.headers.get('location') }).toEqual({ status: 303, location: '/ui/sign-in?next=%2Fui%2Fruns' });
  });

  it('refuses to sign in an ingest token, which may read nothing, and audits it', async () => {
    const { response } = await signInWithToken(await rl.token('ingest'));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Tokens with the ingest role cannot sign in to the UI.');
    const [failure] = (await rl.runtime.store.audit.list({ action: 'auth.failure' }, { limit: 1 })).items;
    expect(failure).toMatchObject({ outcome: 'denied', details: { reason: 'forbidden', path: '/ui/sign-in' } });
  });

  it('limits sign-in attempts per client address with a 429 RL_UI_SIGN_IN_LIMITED', async () => {
    const limited = await startTestRuntime({ ui: { signInAttemptsPerMinute: 2 } });
    try {
      const attempt = async () => {
        const { cookie, csrf } = await visit(limited.url);
        const response = await fetch(`${limited.url}/ui/sign-in`, { method: 'POST', headers: { ...FORM, cookie }, body: new URLSearchParams({ _csrf: csrf, name: 'nobody', password: 'wrong password' }) });
        return { status: response.status, limited: (await response.text()).includes('RL_UI_SIGN_IN_LIMITED') };
      };
      expect([await attempt(), await attempt(), await attempt()]).toEqual([
        { status: 401, limited: false },
        { status: 401, limited: false },
        { status: 429, limited: true },
      ]);
    } finally {
      await limited.close();
    }
  });

  it('serves no UI when it is switched off', async () => {
    const headless = await startTestRuntime({ ui: { enabled: false } });
    try {
      const response = await fetch(`${headless.url}/ui/`);
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 404, body: { code: 'RL_NOT_FOUND' } });
    } finally {
      await headless.close();
    }
  });
});
