// Compiles report templates: the built-in ones under reports/templates and, when configured,
// a user directory whose <id>.hbs and partials/*.hbs add to or replace them. Templates run in
// an isolated Handlebars with only HELPERS known (knownHelpersOnly) and no prototype access.
// A long list of the model (a RowStream) is rendered in chunks: `{{#each}}` over it leaves a
// marker in the page and keeps its block, which is then run row by row as the rows stream in.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { RowStream } from '../row-stream.ts';
import { HELPERS } from './helpers.ts';

const BUILT_IN = fileURLToPath(new URL('.', import.meta.url));
const KNOWN_HELPERS = Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface TemplateEngine {
  has(id: string): boolean;
  /** The whole output at once; the context must hold no RowStream. */
  render(id: string, context: object): string;
  /** The output in pieces of about CHUNK characters, rows of every RowStream streamed as they come. */
  renderStreamed(id: string, context: object): AsyncIterable<string>;
}

/** Characters of rendered rows collected before a piece is handed on. */
const CHUNK = 256 * 1024;

/** An `{{#each}}` over a RowStream, kept to be run once the page around it is out. */
interface StreamedEach {
  list: RowStream<unknown>;
  context: unknown;
  options: Handlebars.HelperOptions;
}

export function createTemplateEngine(options: { userDir?: string } = {}): TemplateEngine {
  const hbs = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) hbs.registerHelper(name, helper);
  const builtInEach = hbs.helpers.each!;
  /** The streamed sections of the render in progress (rendering is synchronous). */
  let streamed: { sections: StreamedEach[]; nonce: string } | undefined;
  hbs.registerHelper('each', function (this: unknown, list: unknown, helperOptions: Handlebars.HelperOptions) {
    if (!(list instanceof RowStream)) return builtInEach.call(this, list, helperOptions);
    if (!streamed) throw new TemplateError('[reports] a streamed list can only be rendered by renderStreamed');
    streamed.sections.push({ list, context: this, options: helperOptions });
    return marker(streamed.nonce, streamed.sections.length - 1);
  });
  const sources = new Map<string, string>();
  for (const dir of [BUILT_IN, ...(options.userDir ? [options.userDir] : [])]) {
    for (const [name, text] of hbsFiles(join(dir, 'partials'))) hbs.registerPartial(name, text);
    for (const [name, text] of hbsFiles(dir)) sources.set(name, text);
  }
  const compiled = new Map<string, HandlebarsTemplateDelegate>();

  const run = <T>(id: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw new TemplateError(`[reports] template '${id}' failed: ${(err as Error).message}`, { cause: err });
    }
  };
  const render = (id: string, context: object) => {
    const source = sources.get(id);
    if (source === undefined) throw new TemplateError(`[reports] no template '${id}'`);
    let template = compiled.get(id);
    if (!template) {
      template = hbs.compile(source, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: false });
      compiled.set(id, template);
    }
    const compiledTemplate = template;
    return run(id, () => compiledTemplate(context, { allowProtoMethodsByDefault: false, allowProtoPropertiesByDefault: false }));
  };

  return {
    has: (id) => sources.has(id),
    render,
    async *renderStreamed(id, context) {
      // A fresh nonce per render: data in the page can never pose as a marker.
      const current = { sections: [] as StreamedEach[], nonce: randomBytes(8).toString('hex') };
      streamed = current;
      let page: string;
      try {
        page = render(id, context);
      } finally {
        streamed = undefined;
      }
      const pieces = page.split(new RegExp(`\u0000RL-${current.nonce}:(\\d+)\u0000`));
      for (let i = 0; i < pieces.length; i++) {
        if (i % 2 === 0) yield pieces[i]!;
        else yield* eachRow(id, current.sections[Number(pieces[i])]!);
      }
    },
  };

  /** Runs a kept `{{#each}}` block over its rows as `each` would (@index, @first, @last, `{{else}}`). */
  async function* eachRow(id: string, { list, context, options: block }: StreamedEach): AsyncIterable<string> {
    const data = block.data ? hbs.createFrame(block.data) : {};
    const one = (row: unknown, index: number, last: boolean) =>
      run(id, () => {
        Object.assign(data, { index, key: index, first: index === 0, last });
        return block.fn(row, { data, blockParams: [row, index] });
      });
    let chunk = '';
    let index = 0;
    let previous: { row: unknown } | undefined;
    for await (const row of list.rows()) {
      if (previous) chunk += one(previous.row, index++, false);
      previous = { row };
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    if (previous) chunk += one(previous.row, index, true);
    else chunk += run(id, () => block.inverse(context));
    yield chunk;
  }
}

function marker(nonce: string, index: number): string {
  return `\u0000RL-${nonce}:${index}\u0000`;
}

function hbsFiles(dir: string): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => [basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8')]);
}
