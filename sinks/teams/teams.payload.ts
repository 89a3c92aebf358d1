// The message a Workflows webhook expects: one attachment holding an Adaptive Card (1.4, the
// newest version Teams renders everywhere).
import type { RenderedMessage } from '../templates.ts';
import type { Notification } from '../types.ts';

const MAX_MEMBER_FACTS = 10;

export function teamsPayload(notification: Notification, message: RenderedMessage): Record<string, unknown> {
  const facts = [
    ['Tenant', notification.tenant],
    ['Environment', notification.environment],
    ['Node', notification.node],
    ['Kind', notification.kind],
    ['Severity', notification.severity],
  ].flatMap(([title, value]) => (value ? [{ title, value }] : []));
  // A group lists its alerts as facts, as many as the text does.
  const members = (notification.group?.alerts ?? []).slice(0, MAX_MEMBER_FACTS).map((a) => ({ title: `${a.status === 'firing' ? 'Firing' : 'Resolved'}: ${a.node ?? a.kind}`, value: a.summary }));
  if (notification.group) facts.push({ title: 'Alerts', value: `${notification.group.firing} firing, ${notification.group.resolved} resolved` });
  facts.push(...members);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true, color: notification.status === 'resolved' ? 'Good' : 'Attention' },
            { type: 'TextBlock', text: message.text, wrap: true },
            { type: 'FactSet', facts },
          ],
          ...(notification.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in RunLedger', url: notification.link }] } : {}),
        },
      },
    ],
  };
}
