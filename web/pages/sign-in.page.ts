// Sign in (user account or API token) and sign out. Failures are audited like API auth failures.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../core/roles.ts';
import { HttpErrors } from '../../http/errors.ts';
import { recordAuthFailure } from '../../http/plugins/auth.ts';
import { signIn, type SignIn } from '../identity.ts';
import { safeNext, type UiPage } from '../page.ts';

const Form = z.object({
  method: z.enum(['password', 'token']).default('password'),
  name: z.string().max(200).default(''),
  password: z.string().max(1000).default(''),
  token: z.string().max(200).default(''),
  next: z.string().max(2000).optional(),
});

function credentials(form: z.infer<typeof Form>): SignIn | undefined {
  if (form.method === 'token') return form.token.trim() ? { kind: 'token', token: form.token.trim() } : undefined;
  return form.name && form.password ? { kind: 'password', name: form.name, password: form.password } : undefined;
}

export const signInPage: UiPage = {
    async routes(app: FastifyInstance, { store, metrics, config }) {
      app.get('/ui/sign-in', async (request, reply) => {
        const { next } = request.query as { next?: string };
        return reply.page('sign-in', { title: 'Sign in', next: safeNext(next), method: 'password' });
      });

      // Every attempt costs a slow password hash: limit them per client address.
      const rateLimit = {
        max: config.ui.signInAttemptsPerMinute,
        timeWindow: 60_000,
        allowList: () => false,
        keyGenerator: (request: FastifyRequest) => request.ip,
        errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) => new HttpErrors.UiSignInLimited(Math.ceil(context.ttl / 1000)),
      };

      app.post('/ui/sign-in', { config: { rateLimit } }, async (request, reply) => {
        const form = Form.parse(request.body ?? {});
        const given = credentials(form);
        const found = given && (await signIn(store, given));
        // An ingest token may only post reports: there is nothing in the UI it may see.
        const signedIn = found && can(found.principal.role, 'read') ? found : undefined;
        if (!signedIn) {
          const reason = !given ? 'missing' : found ? 'forbidden' : 'invalid';
          await recordAuthFailure({ store, metrics }, request, reason, found ? found.principal.id : 'anonymous');
          const message = found
            ? `Tokens with the ${found.principal.role} role cannot sign in to the UI.`
            : form.method === 'token' ? 'That token is not valid or has been revoked.' : 'Wrong name or password, or the account is disabled.';
          return reply.code(401).page('sign-in', { title: 'Sign in', next: safeNext(form.next), method: form.method, name: form.name, message });
        }
        await request.session.regenerate();
        request.session.identity = signedIn.identity;
        await store.audit.append({
          tenant: signedIn.principal.tenant,
          actor: signedIn.principal.id,
          action: 'auth.sign_in',
          sourceIp: request.ip,
          outcome: 'success',
          details: { kind: signedIn.principal.kind, name: signedIn.principal.name },
        });
        return reply.redirect(safeNext(form.next), 303);
      });

      app.post('/ui/sign-out', async (request, reply) => {
        await request.session.destroy();
        return reply.redirect('/ui/sign-in', 303);
      });
    },
};
