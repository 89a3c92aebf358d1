// Admin: API tokens (create — the secret is shown once — and revoke), user accounts (create,
// disable) and a read-only view of retention settings. Uses core/tokens.ts and core/users.ts,
// like the API and the CLI.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Paging, splitPaging } from '../../api/query.ts';
import { ROLES } from '../../core/roles.ts';
import { issueToken, revokeToken } from '../../core/tokens.ts';
import { createUser, disableUser } from '../../core/users.ts';
import { HttpErrors } from '../../http/errors.ts';
import type { Store } from '../../store/types.ts';
import { nextPageHref, type UiPage } from '../page.ts';
import { parseUiQuery } from '../ui-query.ts';

const admin = { page: 'admin' } as const;
const NewToken = z.object({ role: z.enum(ROLES), name: z.string().trim().min(1).max(200) });
const NewUser = z.object({ role: z.enum(ROLES), name: z.string().max(200), password: z.string().max(1000) });
const roleOptions = ROLES.map((value) => ({ value }));
const actorOf = (request: FastifyRequest) => ({ tenant: request.principal!.tenant, actor: request.principal!.id, sourceIp: request.ip });

function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new HttpErrors.BadRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

async function tokensPage(store: Store, request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
  const tokens = await store.tokens.list(request.principal!.tenant);
  return reply.page('admin-tokens', { title: 'Tokens', section: 'tokens', tokens, roles: roleOptions, ...extra });
}

async function usersPage(store: Store, request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
  const { page } = splitPaging(parseUiQuery(z.strictObject(Paging), request.query));
  const result = await store.users.list(request.principal!.tenant, page);
  return reply.page('admin-users', {
    title: 'Users',
    section: 'users',
    users: result.items.map((user) => ({ ...user, self: user.id === request.principal!.id })),
    roles: roleOptions,
    next: nextPageHref('/ui/admin/users', request.query as Record<string, unknown>, result.nextCursor),
    ...extra,
  });
}

export const adminPage: UiPage = {
  nav: { label: 'Admin', path: '/admin', permission: 'admin' },
  async routes(app: FastifyInstance, { store, config }) {
    app.get('/ui/admin', { config: admin }, async (_request, reply) => reply.redirect('/ui/admin/tokens', 302));
    app.get('/ui/admin/tokens', { config: admin }, async (request, reply) => tokensPage(store, request, reply));

    app.post('/ui/admin/tokens', { config: admin }, async (request, reply) => {
      const form = parseForm(NewToken, request.body);
      const { token, record } = await issueToken(store, { ...actorOf(request), role: form.role, name: form.name });
      return tokensPage(store, request, reply, { created: { token, record } });
    });

    app.post('/ui/admin/tokens/:id/revoke', { config: admin }, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await revokeToken(store, { ...actorOf(request), id }))) throw new HttpErrors.NotFound(`no active token ${id}`);
      return reply.redirect('/ui/admin/tokens', 303);
    });

    app.get('/ui/admin/users', { config: admin }, async (request, reply) => usersPage(store, request, reply));

    app.post('/ui/admin/users', { config: admin }, async (request, reply) => {
      const form = parseForm(NewUser, request.body);
      const result = await createUser(store, { ...actorOf(request), role: form.role, name: form.name, password: form.password });
      if (!result.ok) return usersPage(store, request, reply.code(400), { message: result.message, form: { name: form.name, role: form.role } });
      return reply.redirect('/ui/admin/users', 303);
    });

    app.post('/ui/admin/users/:id/disable', { config: admin }, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await disableUser(store, { ...actorOf(request), id }))) throw new HttpErrors.NotFound(`no enabled user ${id}`);
      return reply.redirect('/ui/admin/users', 303);
    });

    app.get('/ui/admin/retention', { config: admin }, async (_request, reply) =>
      reply.page('admin-retention', {
        title: 'Retention',
        section: 'retention',
        settings: [
          { key: 'retention.runsDays', value: `${config.retention.runsDays} days`, meaning: 'Runs, their changes and raw bodies are kept this long' },
          { key: 'retention.purgeCron', value: config.retention.purgeCron, meaning: 'When the purge runs (server time)' },
          { key: 'plans.outOfWindowDays', value: `${config.plans.outOfWindowDays} days`, meaning: 'A plan still makes changes out_of_window this long after its window' },
          { key: 'audit.verifyCron', value: config.audit.verifyCron, meaning: 'When the audit hash chain is verified' },
          { key: 'ui.sessionTtlMinutes', value: `${config.ui.sessionTtlMinutes} min`, meaning: 'Idle time after which a UI session ends' },
        ],
      }),
    );
  },
};
