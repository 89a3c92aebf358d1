// The notification as JSON, versioned so receivers can rely on its shape, plus the rendered text.
import type { RenderedMessage } from '../templates.ts';
import type { Notification } from '../types.ts';

export const WEBHOOK_PAYLOAD_VERSION = 1;

export function webhookPayload(notification: Notification, message: RenderedMessage): Record<string, unknown> {
  return { version: WEBHOOK_PAYLOAD_VERSION, ...notification, title: message.title, text: message.text };
}
