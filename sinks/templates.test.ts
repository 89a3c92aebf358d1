import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleNotification } from './sample.ts';
import { loadTemplates } from './templates.ts';

describe('message templates', () => {
  it('renders the shipped title and text', () => {
    expect(loadTemplates().render(sampleNotification())).toEqual({
      title: '[WARNING] Unplanned change on web01.example.com: File[/etc/nginx/nginx.conf]',
      text: [
        'unplanned change on web01.example.com (production), tenant acme.',
        '- File[/etc/nginx/nginx.conf] [unplanned]: content changed',
        '```',
        '-worker_processes 2;',
        '+worker_processes 8;',
        '```',
        'Details: https://runledger.example.com/runs/r_sample',
      ].join('\n'),
    });
  });

  it('uses a title.hbs from alerts.templatesDir and keeps the shipped text.hbs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-templates-'));
    writeFileSync(join(dir, 'title.hbs'), '{{#if resolved}}OK{{else}}{{upper severity}}{{/if}} {{node}} · {{humanize kind}}');
    const templates = loadTemplates(dir);
    expect(templates.render(sampleNotification()).title).toBe('WARNING web01.example.com · unplanned change');
    expect(templates.render(sampleNotification('resolved')).title).toBe('OK web01.example.com · unplanned change');
    expect(templates.render(sampleNotification()).text).toBe(loadTemplates().render(sampleNotification()).text);
  });

  it('lists ten changes and counts the rest', () => {
    const many = { ...sampleNotification(), occurrences: 3, changes: Array.from({ length: 12 }, (_, i) => ({ resource: `File[/etc/${i}]` })) };
    const text = loadTemplates().render(many).text;
    expect(text.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(10);
    expect(text).toContain('… and 2 more changes.');
    expect(text.split('\n')[0]).toBe('unplanned change on web01.example.com (production), tenant acme, seen 3 times.');
  });
});
