// Sessions of the web UI: a signed, HttpOnly cookie carries only the session id; the state
// (who signed in, the CSRF secret) lives in Redis and expires after the idle timeout.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SessionStore } from '@fastify/session';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config.ts';

/** What a session remembers about who signed in; resolved to a Principal on every request,
 *  so a disabled user or a revoked token is out at the next click. */
export type SessionIdentity = { kind: 'user'; tenant: string; id: string } | { kind: 'token'; hash: string };

declare module 'fastify' {
  interface Session {
    identity?: SessionIdentity;
  }
}

export function redisSessionStore(redis: Redis, keyPrefix: string, ttlMs: number): SessionStore {
  const key = (id: string) => `${keyPrefix}:ui-session:${id}`;
  return {
    set(id, session, done) {
      redis.set(key(id), JSON.stringify(session), 'PX', ttlMs).then(() => done(), done);
    },
    get(id, done) {
      redis.get(key(id)).then((value) => done(null, value ? JSON.parse(value) : null), done);
    },
    destroy(id, done) {
      redis.del(key(id)).then(() => done(), done);
    },
  };
}

/** The key that signs session cookies: from the configured file, or one made on first start. */
export function sessionSecret(config: Config): string {
  const file = config.ui.sessionSecretFile ?? join(config.dataDir, 'session-secret');
  if (!config.ui.sessionSecretFile && !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process sharing the data directory made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`[ui] the session secret in ${file} must have at least 32 characters`);
  return secret;
}
