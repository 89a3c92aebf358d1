// Compiles report templates: the built-in ones under reports/templates and, when configured,
// a user directory whose <id>.hbs and partials/*.hbs add to or replace them. Templates run in
// an isolated Handlebars with only HELPERS known (knownHelpersOnly) and no prototype access.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { HELPERS } from './helpers.ts';

const BUILT_IN = fileURLToPath(new URL('.', import.meta.url));
const KNOWN_HELPERS = Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface TemplateEngine {
  has(id: string): boolean;
  render(id: string, context: object): string;
}

export function createTemplateEngine(options: { userDir?: string } = {}): TemplateEngine {
  const hbs = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) hbs.registerHelper(name, helper);
  const sources = new Map<string, string>();
  for (const dir of [BUILT_IN, ...(options.userDir ? [options.userDir] : [])]) {
    for (const [name, text] of hbsFiles(join(dir, 'partials'))) hbs.registerPartial(name, text);
    for (const [name, text] of hbsFiles(dir)) sources.set(name, text);
  }
  const compiled = new Map<string, HandlebarsTemplateDelegate>();

  return {
    has: (id) => sources.has(id),
    render(id, context) {
      const source = sources.get(id);
      if (source === undefined) throw new TemplateError(`[reports] no template '${id}'`);
      let template = compiled.get(id);
      if (!template) {
        template = hbs.compile(source, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: false });
        compiled.set(id, template);
      }
      try {
        return template(context, { allowProtoMethodsByDefault: false, allowProtoPropertiesByDefault: false });
      } catch (err) {
        throw new TemplateError(`[reports] template '${id}' failed: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}

function hbsFiles(dir: string): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => [basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8')]);
}
