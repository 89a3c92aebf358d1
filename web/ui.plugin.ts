// The web UI (issue 6), served by the API's Fastify process under /ui: server-rendered pages,
// sessions in a signed HttpOnly cookie backed by Redis, CSRF tokens on every POST, and the
// same roles, Store and services as the JSON API. Registered as an encapsulated scope, so
// cookies, sessions and form parsing never touch the API routes.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import session from '@fastify/session';
import staticFiles from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { can } from '../core/roles.ts';
import { HttpErrors } from '../http/errors.ts';
import { toCodedError } from '../http/plugins/error-handler.ts';
import { principalOf } from './identity.ts';
import type { UiDeps } from './page.ts';
import { PAGES } from './pages/index.ts';
import { createRenderer } from './render.ts';
import { redisSessionStore, sessionSecret } from './session.ts';

export interface UiPluginDeps extends UiDeps {
  redis: Redis;
}

const ASSETS = new URL('./assets/', import.meta.url).pathname;
const IMPORT_FILE_LIMIT = 8 * 1024 * 1024;
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function csrfToken(request: FastifyRequest): string | undefined {
  const fromBody = (request.body as { _csrf?: unknown } | undefined)?._csrf;
  const fromQuery = (request.query as { _csrf?: unknown })._csrf;
  const token = fromBody ?? fromQuery;
  return typeof token === 'string' ? token : undefined;
}

/** The API's coded errors, plus a refused CSRF token. */
function uiError(error: FastifyError, bodyLimit: number): FastifyError {
  return error.code?.startsWith('FST_CSRF_') ? new HttpErrors.UiCsrf() : toCodedError(error, undefined, bodyLimit);
}

export async function uiPlugin(app: FastifyInstance, deps: UiPluginDeps): Promise<void> {
  const { config, store } = deps;
  const ttlMs = config.ui.sessionTtlMinutes * 60_000;
  const render = createRenderer();
  const nav = PAGES.flatMap((page) => (page.nav ? [page.nav] : []));

  await app.register(cookie);
  await app.register(session, {
    secret: sessionSecret(config),
    cookieName: 'rl_session',
    cookie: { path: '/ui', httpOnly: true, sameSite: 'lax', secure: config.ui.secureCookie === 'always' ? true : 'auto', maxAge: ttlMs },
    store: redisSessionStore(deps.redis, config.queuePrefix, ttlMs),
    saveUninitialized: false,
    rolling: true,
  });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: IMPORT_FILE_LIMIT, files: 1, fields: 10 } });
  await app.register(csrf, { sessionPlugin: '@fastify/session', getToken: csrfToken });
  await app.register(staticFiles, { root: ASSETS, prefix: '/ui/assets/', maxAge: '1h' });

  app.decorateReply('page', function page(template: string, data: Record<string, unknown> = {}) {
    const principal = this.request.principal;
    const path = this.request.url.split('?')[0];
    const entries = principal
      ? nav.filter((n) => can(principal.role, n.permission)).map((n) => ({ ...n, href: `/ui${n.path}`, current: path === `/ui${n.path}` || (n.path !== '/' && path?.startsWith(`/ui${n.path}`)) }))
      : [];
    const html = render(template, { ...data, principal, nav: entries, csrf: this.generateCsrf() });
    return this.header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  });

  app.addHook('preHandler', async (request, reply) => {
    const identity = request.session.identity;
    if (identity) {
      const principal = await principalOf(store, identity);
      if (principal) request.principal = principal;
      else delete request.session.identity;
    }
    const needed = request.routeOptions.config.page;
    if (!needed) return;
    if (!request.principal) return reply.redirect(`/ui/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    if (!can(request.principal.role, needed)) {
      const error = new HttpErrors.Forbidden(request.principal.role, needed);
      return reply.code(403).page('error', { title: 'Not allowed', error: { code: error.code, message: error.message, requestId: request.id } });
    }
  });
  app.addHook('preHandler', (request, reply, next) => (request.method === 'POST' ? app.csrfProtection(request, reply, next) : next()));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const coded = uiError(error, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0);
    if (coded.statusCode === 500) request.log.error({ err: error }, 'UI request failed');
    return reply.code(coded.statusCode ?? 500).page('error', { title: 'Error', error: { code: coded.code, message: coded.message, requestId: request.id } });
  });

  app.get('/', (_request, reply) => reply.redirect('/ui/', 302));
  for (const page of PAGES) await page.routes(app, deps);
}
