// Alerts: open and resolved ones (filters, keyset pages), and one alert with its changes, the
// receivers it was sent to, every delivery attempt and the messages given up on. Receivers are
// shown by name and kind only: their URLs, keys and secrets never reach a page.
import type { FastifyInstance } from 'fastify';
import { AlertsQuery } from '../../api/alerts.route.ts';
import { splitPaging } from '../../api/query.ts';
import { ALERT_KINDS, SEVERITIES } from '../../core/alert.ts';
import { receiverSink } from '../../core/alerts-config.ts';
import { can } from '../../core/roles.ts';
import { HttpErrors } from '../../http/errors.ts';
import type { AlertRecord } from '../../store/alerts.types.ts';
import { nextPageHref, type UiPage } from '../page.ts';
import { inputTime, parseUiQuery } from '../ui-query.ts';

const ATTEMPTS_SHOWN = 100;
// Dead letters are listed per receiver; an alert's are found among each receiver's latest.
const DEAD_LETTERS_SCANNED = 50;
const RUN_LINK = /\/api\/v1\/runs\/([^/?#]+)$/;

const options = (values: readonly string[], selected: unknown) => values.map((value) => ({ value, selected: value === selected }));

/** The run an alert is about: its link names the run; without one, the node's runs from then on. */
export function runHref(alert: Pick<AlertRecord, 'link' | 'node' | 'startsAt'>): string | undefined {
  const runId = alert.link && URL.canParse(alert.link) ? RUN_LINK.exec(new URL(alert.link).pathname)?.[1] : undefined;
  if (runId) return `/ui/runs/${runId}`;
  return alert.node ? `/ui/runs?${new URLSearchParams({ node: alert.node, since: alert.startsAt })}` : undefined;
}

export const alertsPage: UiPage = {
  nav: { label: 'Alerts', path: '/alerts', permission: 'read' },
  async routes(app: FastifyInstance, { store, config }) {
    const kinds = new Map(config.alerts.receivers.map((r) => [r.name, receiverSink(r).kind]));

    app.get('/ui/alerts', { config: { page: 'read' } }, async (request, reply) => {
      const { filter, page } = splitPaging(parseUiQuery(AlertsQuery, request.query));
      const result = await store.alerts.list(request.principal!.tenant, filter, page);
      return reply.page('alerts', {
        title: 'Alerts',
        filter: { ...filter, since: inputTime(filter.since), until: inputTime(filter.until) },
        states: options(['firing', 'resolved'], filter.state),
        kinds: options(ALERT_KINDS, filter.kind),
        severities: options(SEVERITIES, filter.severity),
        alerts: result.items,
        next: nextPageHref('/ui/alerts', request.query as Record<string, unknown>, result.nextCursor),
      });
    });

    app.get('/ui/alerts/:id', { config: { page: 'read' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const { cursor } = request.query as { cursor?: unknown };
      const { tenant, role } = request.principal!;
      const alert = await store.alerts.get(tenant, id);
      if (!alert) throw new HttpErrors.NotFound(`alert ${id} not found`);
      const attempts = await store.deliveries.list(tenant, { alertId: alert.id }, { limit: ATTEMPTS_SHOWN, ...(typeof cursor === 'string' && cursor ? { cursor } : {}) });
      const receivers = [...new Set([...Object.keys(alert.notified), ...attempts.items.map((a) => a.receiver)])];
      const deadLetters = [];
      for (const receiver of receivers) {
        const letters = await store.deliveries.deadLetters(tenant, { receiver }, { limit: DEAD_LETTERS_SCANNED });
        deadLetters.push(...letters.items.filter((letter) => letter.alertId === alert.id || letter.alertIds?.includes(alert.id)));
      }
      return reply.page('alert', {
        title: alert.summary,
        alert,
        runHref: runHref(alert),
        silenceHref: can(role, 'silences:write') && alert.node ? `/ui/silences?${new URLSearchParams({ matchers: `node=${alert.node}` })}` : undefined,
        changes: alert.changes,
        notified: Object.entries(alert.notified).map(([receiver, at]) => ({ receiver, kind: kinds.get(receiver), at })),
        attempts: attempts.items.map((attempt) => ({ ...attempt, kind: kinds.get(attempt.receiver), groupSize: attempt.alertIds?.length })),
        deadLetters,
        deadLettersScanned: DEAD_LETTERS_SCANNED,
        next: nextPageHref(`/ui/alerts/${encodeURIComponent(alert.id)}`, request.query as Record<string, unknown>, attempts.nextCursor),
      });
    });
  },
};
