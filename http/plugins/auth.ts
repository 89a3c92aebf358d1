// Authentication and authorisation for every route that declares `config.permission`.
// The token comes from Bearer, HTTP Basic (Puppet's reporturl user:TOKEN@host) or Chef's
// x-data-collector-token; it decides the tenant. Every refusal is an audit event.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { Metrics } from '../../core/metrics.ts';
import { can, type Permission, type Principal } from '../../core/roles.ts';
import { hashToken } from '../../core/tokens.ts';
import type { Store } from '../../store/types.ts';
import { HttpErrors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller's role must allow; routes without it are public (health, docs). */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** How long a token lookup is trusted; a revocation takes effect within this time. */
const CACHE_TTL_MS = 10_000;
const LAST_USED_RESOLUTION_MS = 60_000;

export interface AuthOptions {
  store: Store;
  metrics: Metrics;
}

export function credentialsOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const [scheme = '', value = ''] = header.split(' ', 2);
    if (scheme.toLowerCase() === 'bearer') return value.trim() || undefined;
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const password = colon === -1 ? '' : decoded.slice(colon + 1);
      return password || (colon === -1 ? decoded : decoded.slice(0, colon)) || undefined;
    }
  }
  const header2 = request.headers['x-data-collector-token'] ?? request.headers['api-token'];
  return typeof header2 === 'string' && header2 ? header2 : undefined;
}

/** Counts and audits a refused request (API or web UI sign-in). */
export async function recordAuthFailure({ store, metrics }: AuthOptions, request: FastifyRequest, reason: string, actor: string): Promise<void> {
  metrics.authFailures.inc({ reason });
  await store.audit.append({
    actor,
    action: 'auth.failure',
    sourceIp: request.ip,
    outcome: 'denied',
    details: { reason, method: request.method, path: request.url.split('?')[0] },
    ...(request.principal ? { tenant: request.principal.tenant } : {}),
  });
}

async function authPlugin(app: FastifyInstance, { store, metrics }: AuthOptions): Promise<void> {
  const principals = new LRUCache<string, Principal>({ max: 10_000, ttl: CACHE_TTL_MS });
  const lastTouched = new LRUCache<string, number>({ max: 10_000 });

  async function principalFor(secret: string): Promise<Principal | undefined> {
    const hash = hashToken(secret);
    const cached = principals.get(hash);
    if (cached) return cached;
    const token = await store.tokens.findByHash(hash);
    if (!token || token.revokedAt) return undefined;
    const principal: Principal = { kind: 'token', id: token.id, tenant: token.tenant, role: token.role, name: token.name };
    principals.set(hash, principal);
    return principal;
  }

  async function refuse(request: FastifyRequest, reason: string, actor: string, error: Error): Promise<never> {
    await recordAuthFailure({ store, metrics }, request, reason, actor);
    throw error;
  }

  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return;
    const secret = credentialsOf(request);
    if (!secret) return refuse(request, 'missing', 'anonymous', new HttpErrors.AuthMissing());
    const principal = await principalFor(secret);
    if (!principal) return refuse(request, 'invalid', 'anonymous', new HttpErrors.AuthInvalid());
    request.principal = principal;
    if (!can(principal.role, permission)) {
      return refuse(request, 'forbidden', principal.id, new HttpErrors.Forbidden(principal.role, permission));
    }
    const now = Date.now();
    if (now - (lastTouched.get(principal.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
      lastTouched.set(principal.id, now);
      await store.tokens.touch(principal.id, new Date(now).toISOString());
    }
  });
}

export default fp(authPlugin, { name: 'runledger-auth', fastify: '5.x' });
