// Message text comes from handlebars templates: `title.hbs` (one line) and `text.hbs`
// (Markdown-ish body). Defaults ship in sinks/templates/; a directory configured as
// alerts.templatesDir replaces either file. Templates only loop and branch.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Notification } from './types.ts';

export interface RenderedMessage {
  title: string;
  text: string;
}

export interface Templates {
  render(notification: Notification): RenderedMessage;
}

const DEFAULT_DIR = join(import.meta.dirname, 'templates');
const NAMES = ['title', 'text'] as const;

export function loadTemplates(overrideDir?: string): Templates {
  const hbs = Handlebars.create();
  hbs.registerHelper('upper', (value: unknown) => String(value ?? '').toUpperCase());
  hbs.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hbs.registerHelper('humanize', (value: unknown) => String(value ?? '').replaceAll('_', ' '));
  const compiled = Object.fromEntries(
    NAMES.map((name) => {
      const custom = overrideDir ? join(overrideDir, `${name}.hbs`) : undefined;
      const file = custom && existsSync(custom) ? custom : join(DEFAULT_DIR, `${name}.hbs`);
      // Messages are plain text or Markdown, never HTML: no escaping.
      return [name, hbs.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: false })];
    }),
  ) as Record<(typeof NAMES)[number], HandlebarsTemplateDelegate>;
  return {
    render(notification) {
      const view = {
        ...notification,
        resolved: notification.status === 'resolved',
        listed: notification.changes.slice(0, MAX_LISTED),
        more: Math.max(0, notification.changes.length - MAX_LISTED),
        groupListed: notification.group?.alerts.slice(0, MAX_LISTED) ?? [],
        groupMore: Math.max(0, (notification.group?.alerts.length ?? 0) - MAX_LISTED),
      };
      return { title: compiled.title(view).trim(), text: compiled.text(view).trim() };
    },
  };
}

/** Changes (or a group's alerts) listed in a message; the rest are counted. */
const MAX_LISTED = 10;
