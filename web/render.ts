// Handlebars for the UI: every template in templates/ (by file name), partials from
// templates/partials/, all wrapped in layout.hbs. Handlebars escapes every {{value}};
// templates use {{{…}}} only for the rendered body.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';

const TEMPLATES = new URL('./templates/', import.meta.url).pathname;

export type Renderer = (template: string, data: Record<string, unknown>) => string;

function compileDir(engine: typeof Handlebars, dir: string): Map<string, Handlebars.TemplateDelegate> {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    compiled.set(basename(file, '.hbs'), engine.compile(readFileSync(join(dir, file), 'utf8'), { strict: false }));
  }
  return compiled;
}

export function createRenderer(): Renderer {
  const engine = Handlebars.create();
  for (const [name, partial] of compileDir(engine, join(TEMPLATES, 'partials'))) engine.registerPartial(name, partial);
  engine.registerHelper('time', (iso: unknown) => (typeof iso === 'string' ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : ''));
  engine.registerHelper('url', (value: unknown) => encodeURIComponent(String(value ?? '')));
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const templates = compileDir(engine, TEMPLATES);
  const layout = templates.get('layout');
  if (!layout) throw new Error('[ui] templates/layout.hbs is missing');
  return (template, data) => {
    const page = templates.get(template);
    if (!page) throw new Error(`[ui] no template ${template}.hbs`);
    return layout({ ...data, body: page(data) });
  };
}
