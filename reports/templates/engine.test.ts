import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine, TemplateError } from './engine.ts';
import { HELPERS } from './helpers.ts';
import { RowStream } from '../row-stream.ts';

function userDir(templates: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-templates-'));
  mkdirSync(join(dir, 'partials'));
  for (const [name, text] of Object.entries(templates)) writeFileSync(join(dir, `${name}.hbs`), text);
  return dir;
}

describe('report templates', () => {
  it.each([
    { name: 'utc formats an ISO time', template: '{{utc at}}', context: { at: '2026-11-20T12:00:05.123Z' }, want: '2026-11-20 12:00:05 UTC' },
    { name: 'utc prints a dash for nothing', template: '{{utc at}}', context: {}, want: '—' },
    { name: 'day keeps the date', template: '{{day at}}', context: { at: '2026-11-20T23:59:59Z' }, want: '2026-11-20' },
    { name: 'percent rounds to one digit', template: '{{percent p}}', context: { p: 97.456 }, want: '97.5 %' },
    { name: 'duration reads in days and hours', template: '{{duration ms}}', context: { ms: 3 * 86_400_000 + 4 * 3_600_000 }, want: '3 d 4 h' },
    { name: 'number groups thousands', template: '{{number n}}', context: { n: 1234567.891 }, want: '1,234,567.89' },
    { name: 'eq compares', template: '{{#if (eq a "x")}}yes{{else}}no{{/if}}', context: { a: 'x' }, want: 'yes' },
    { name: 'values are HTML-escaped', template: '{{v}}', context: { v: '<script>' }, want: '&lt;script&gt;' },
  ])('$name', ({ template, context, want }) => {
    const engine = createTemplateEngine({ userDir: userDir({ t: template }) });
    expect(engine.render('t', context)).toBe(want);
  });

  it('documents exactly the helpers it registers', () => {
    expect(Object.keys(HELPERS).sort()).toEqual(['day', 'duration', 'eq', 'json', 'number', 'percent', 'utc']);
  });

  it('lets a user template use its own partials and the built-in ones, without code', () => {
    const dir = userDir({ summary: '{{> styles}}{{> heading}} {{meta.title}}' });
    writeFileSync(join(dir, 'partials', 'heading.hbs'), '<h1>Ours</h1>');
    const html = createTemplateEngine({ userDir: dir }).render('summary', { meta: { title: 'Q4' } });
    expect(html).toMatch(/^<style>[\s\S]*<\/style>\n<h1>Ours<\/h1> Q4$/);
  });

  it('refuses a template that calls a helper outside the documented set', () => {
    const engine = createTemplateEngine({ userDir: userDir({ t: '{{lookupSecret x}}' }) });
    expect(() => engine.render('t', {})).toThrow(TemplateError);
    expect(() => engine.render('t', {})).toThrow(/knownHelpersOnly, but used the unknown helper lookupSecret/);
  });

  it('gives templates no access to prototypes', () => {
    const engine = createTemplateEngine({ userDir: userDir({ t: '[{{constructor.name}}{{__proto__}}{{meta.constructor}}]' }) });
    expect(engine.render('t', { meta: {} })).toBe('[]');
  });
});

describe('report templates over streamed lists', () => {
  const streamed = async (template: string, context: object) => {
    let out = '';
    for await (const piece of createTemplateEngine({ userDir: userDir({ t: template }) }).renderStreamed('t', context)) out += piece;
    return out;
  };
  const rows = [{ name: 'a' }, { name: '<b>' }, { name: 'c' }];

  it('renders {{#each}} over a RowStream as over the same array: @index, @first, @last, parent context, escaping', async () => {
    const template = '<h1>{{title}}</h1>{{#each items}}[{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{name}} of {{../title}} {{@root.title}}]{{/each}} {{items.length}} rows';
    const want = createTemplateEngine({ userDir: userDir({ t: template }) }).render('t', { title: 'T', items: rows });
    expect(want).toBe('<h1>T</h1>[0F a of T T][1 &lt;b&gt; of T T][2L c of T T] 3 rows');
    expect(await streamed(template, { title: 'T', items: RowStream.of(rows) })).toBe(want);
  });

  it('renders {{else}} for an empty stream, block parameters, and the same stream twice', async () => {
    expect(await streamed('{{#each items}}x{{else}}none{{/each}}', { items: RowStream.of([]) })).toBe('none');
    expect(await streamed('{{#each items as |row i|}}{{i}}={{row.name}} {{/each}}|{{#each items}}{{name}}{{/each}}', { items: RowStream.of(rows) })).toBe('0=a 1=&lt;b&gt; 2=c |a&lt;b&gt;c');
  });

  it('refuses a streamed list in a whole-page render, and cannot be fooled by data that looks like a marker', async () => {
    expect(() => createTemplateEngine({ userDir: userDir({ t: '{{#each items}}{{/each}}' }) }).render('t', { items: RowStream.of(rows) })).toThrow(TemplateError);
    const out = await streamed('{{fake}}{{#each items}}{{name}}{{/each}}', { fake: '\u0000RL-0000000000000000:0\u0000', items: RowStream.of(rows) });
    expect(out).toBe('\u0000RL-0000000000000000:0\u0000a&lt;b&gt;c');
  });
});
