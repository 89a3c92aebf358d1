// Create (POST /v2/alerts) or close (POST /v2/alerts/{alias}/close?identifierType=alias).
import type { RenderedMessage } from '../templates.ts';
import type { Severity } from '../../core/alert.ts';
import type { Notification } from '../types.ts';
import type { OpsgenieConfig } from './opsgenie.config.ts';

const PRIORITY: Record<Severity, string> = { critical: 'P1', warning: 'P3', info: 'P5' };
/** Opsgenie limits: message 130 characters, alias 512, description 15000. */
const MESSAGE_MAX = 130;
const DESCRIPTION_MAX = 15_000;

export interface OpsgenieRequest {
  path: string;
  body: Record<string, unknown>;
}

export function opsgenieRequest(notification: Notification, message: RenderedMessage, config: Pick<OpsgenieConfig, 'responders'>): OpsgenieRequest {
  if (notification.status === 'resolved') {
    return {
      path: `/v2/alerts/${encodeURIComponent(notification.dedupKey)}/close?identifierType=alias`,
      body: { source: 'RunLedger', note: message.text.slice(0, DESCRIPTION_MAX) },
    };
  }
  return {
    path: '/v2/alerts',
    body: {
      message: message.title.slice(0, MESSAGE_MAX),
      alias: notification.dedupKey,
      description: message.text.slice(0, DESCRIPTION_MAX),
      ...(config.responders.length ? { responders: config.responders } : {}),
      tags: [notification.kind, notification.environment, notification.tenant].filter(Boolean),
      details: {
        ...notification.labels,
        occurrences: String(notification.occurrences),
        ...(notification.link ? { link: notification.link } : {}),
        ...(notification.group ? { firing: String(notification.group.firing), resolved: String(notification.group.resolved) } : {}),
      },
      entity: notification.node ?? notification.tenant,
      source: 'RunLedger',
      priority: PRIORITY[notification.severity],
    },
  };
}
