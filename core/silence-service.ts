// Creating and expiring silences: validated, attributed to the person who acts, audited.
import { z } from 'zod';
import { randomId } from './ids.ts';
import type { Clock } from './clock.ts';
import { DAY_MS } from './clock.ts';
import type { SilenceRecord } from '../store/alerts.types.ts';
import type { Store } from '../store/types.ts';

const MAX_SILENCE_DAYS = 366;

export const SilenceInput = z
  .strictObject({
    matchers: z
      .array(z.strictObject({ label: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/).describe('tenant, environment, kind, severity, node, receiver…'), value: z.string().min(1).max(512) }))
      .min(1)
      .max(20)
      .describe('Every matcher must equal the alert\'s label'),
    startsAt: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().min(1).max(4000).describe('Why: a ticket, a maintenance'),
  })
  .refine((s) => !s.startsAt || Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type SilenceInput = z.infer<typeof SilenceInput>;

export interface SilenceActor {
  tenant: string;
  id: string;
  name: string;
  sourceIp?: string;
}

export type SilenceResult = { ok: true; silence: SilenceRecord } | { ok: false; problem: 'invalid' | 'not_found' | 'expired' | 'conflict'; message: string };

export function createSilenceService(store: Store, clock: Clock) {
  const audit = (actor: SilenceActor, action: string, silence: SilenceRecord) =>
    store.audit.append({
      at: clock.now().toISOString(),
      tenant: actor.tenant,
      actor: actor.id,
      action,
      target: silence.id,
      ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}),
      outcome: 'success',
      details: { actorName: actor.name, matchers: silence.matchers, startsAt: silence.startsAt, endsAt: silence.endsAt, comment: silence.comment },
    });

  return {
    async create(actor: SilenceActor, input: SilenceInput): Promise<SilenceResult> {
      const now = clock.now();
      const startsAt = input.startsAt ?? now.toISOString();
      if (Date.parse(input.endsAt) <= now.getTime()) return { ok: false, problem: 'invalid', message: 'endsAt is in the past' };
      if (Date.parse(input.endsAt) - Date.parse(startsAt) > MAX_SILENCE_DAYS * DAY_MS) return { ok: false, problem: 'invalid', message: `a silence lasts at most ${MAX_SILENCE_DAYS} days` };
      const silence: SilenceRecord = {
        id: randomId('s_'),
        tenant: actor.tenant,
        matchers: input.matchers,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(input.endsAt).toISOString(),
        createdBy: actor.name,
        comment: input.comment,
        createdAt: now.toISOString(),
        version: 1,
      };
      await store.silences.create(silence);
      await audit(actor, 'silence.create', silence);
      return { ok: true, silence };
    },

    /** Ends a silence now; the alerts it held back are sent at their next occurrence. */
    async expire(actor: SilenceActor, id: string): Promise<SilenceResult> {
      const silence = await store.silences.get(actor.tenant, id);
      if (!silence) return { ok: false, problem: 'not_found', message: `silence ${id} not found` };
      const now = clock.now();
      if (Date.parse(silence.endsAt) <= now.getTime()) return { ok: false, problem: 'expired', message: `silence ${id} already ended at ${silence.endsAt}` };
      const ended = { ...silence, endsAt: now.toISOString(), ...(Date.parse(silence.startsAt) > now.getTime() ? { startsAt: now.toISOString() } : {}), version: silence.version + 1 };
      if (!(await store.silences.put(ended))) return { ok: false, problem: 'conflict', message: `silence ${id} changed meanwhile; try again` };
      await audit(actor, 'silence.expire', ended);
      return { ok: true, silence: ended };
    },
  };
}
export type SilenceService = ReturnType<typeof createSilenceService>;
