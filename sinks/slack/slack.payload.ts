// Block Kit message for an incoming webhook: header, text, context and a button to the run.
import type { RenderedMessage } from '../templates.ts';
import type { Notification } from '../types.ts';

/** Slack limits a section's text to 3000 characters and a header to 150. */
const SECTION_MAX = 3000;
const HEADER_MAX = 150;

export function slackPayload(notification: Notification, message: RenderedMessage): Record<string, unknown> {
  const { group } = notification;
  const counts = group ? [`${group.firing} firing`, group.resolved ? `${group.resolved} resolved` : ''] : [];
  const context = [notification.tenant, notification.environment, notification.node, notification.kind, ...counts].filter(Boolean).join(' · ');
  return {
    text: message.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, HEADER_MAX), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: message.text.slice(0, SECTION_MAX) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
      ...(notification.link
        ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in RunLedger' }, url: notification.link }] }]
        : []),
    ],
  };
}
