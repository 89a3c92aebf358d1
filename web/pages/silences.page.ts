// Silences: every one with its state (active, scheduled, expired), and for roles with
// silences:write a form to create one and a button to end one now. Every rule (window,
// length, who, audit) is the silence service's, the same one the JSON API uses; this module
// only translates the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Paging, splitPaging } from '../../api/query.ts';
import { silenceActor, silenceError } from '../../api/silences.route.ts';
import { can } from '../../core/roles.ts';
import { SilenceInput } from '../../core/silence-service.ts';
import type { SilenceRecord } from '../../store/alerts.types.ts';
import { nextPageHref, type UiDeps, type UiPage } from '../page.ts';
import { parseUiQuery, utcFromInput } from '../ui-query.ts';

const ListQuery = z.strictObject({ active: z.literal('true').optional(), matchers: z.string().max(2000).optional(), ...Paging });
type Form = Record<string, unknown>;

const field = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');

/** "node=db01; kind=run_failed" → matchers, or what is wrong with it. */
function matchersFromForm(text: string): { matchers: { label: string; value: string }[] } | { message: string } {
  const matchers = [];
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at < 1) return { message: `matcher "${part}" is not label=value` };
    matchers.push({ label: part.slice(0, at).trim(), value: part.slice(at + 1).trim() });
  }
  return { matchers };
}

/** What the API would receive for this form: datetime-local values are UTC, an empty start is now. */
function silenceFromForm(form: Form): { ok: true; input: SilenceInput } | { ok: false; message: string } {
  const parsedMatchers = matchersFromForm(field(form, 'matchers'));
  if ('message' in parsedMatchers) return { ok: false, message: parsedMatchers.message };
  const startsAt = utcFromInput(field(form, 'startsAt'));
  const parsed = SilenceInput.safeParse({ matchers: parsedMatchers.matchers, ...(startsAt ? { startsAt } : {}), endsAt: utcFromInput(field(form, 'endsAt')), comment: field(form, 'comment') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'silence'}: ${i.message}`).join('; ') };
  return { ok: true, input: parsed.data };
}

function stateOf(silence: SilenceRecord, now: number): 'active' | 'scheduled' | 'expired' {
  if (Date.parse(silence.endsAt) <= now) return 'expired';
  return Date.parse(silence.startsAt) > now ? 'scheduled' : 'active';
}

async function renderList(request: FastifyRequest, reply: FastifyReply, { store, clock }: UiDeps, form: Form, message?: string) {
  const query = parseUiQuery(ListQuery, request.query);
  const { filter, page } = splitPaging(query);
  const { tenant, role } = request.principal!;
  const now = clock.now();
  const result = await store.silences.list(tenant, filter.active ? { activeAt: now } : {}, page);
  return reply.page('silences', {
    title: 'Silences',
    active: Boolean(filter.active),
    silences: result.items.map((silence) => ({ ...silence, state: stateOf(silence, now.getTime()) })),
    mayWrite: can(role, 'silences:write'),
    form: { matchers: filter.matchers ?? '', ...form },
    message,
    next: nextPageHref('/ui/silences', request.query as Record<string, unknown>, result.nextCursor),
  });
}

export const silencesPage: UiPage = {
  nav: { label: 'Silences', path: '/silences', permission: 'read' },
  async routes(app: FastifyInstance, deps) {
    app.get('/ui/silences', { config: { page: 'read' } }, (request, reply) => renderList(request, reply, deps, {}));

    app.post('/ui/silences', { config: { page: 'silences:write' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const translated = silenceFromForm(form);
      if (!translated.ok) return renderList(request, reply.code(400), deps, form, translated.message);
      const result = await deps.silences.create(silenceActor(request), translated.input);
      if (!result.ok) return renderList(request, reply.code((silenceError(result) as Error & { statusCode: number }).statusCode), deps, form, result.message);
      return reply.redirect('/ui/silences', 303);
    });

    app.post('/ui/silences/:id/expire', { config: { page: 'silences:write' } }, async (request, reply) => {
      const result = await deps.silences.expire(silenceActor(request), (request.params as { id: string }).id);
      if (!result.ok) throw silenceError(result);
      return reply.redirect('/ui/silences', 303);
    });
  },
};
