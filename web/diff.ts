// A unified diff as lines with a kind, so the template can colour them; the text itself is
// escaped by Handlebars like every other value.
export type DiffLine = { kind: 'add' | 'del' | 'hunk' | 'context'; text: string };

export function diffLines(diff: string): DiffLine[] {
  return diff.replace(/\n$/, '').split('\n').map((text) => {
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith('+++') || text.startsWith('---')) return { kind: 'hunk', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'del', text };
    return { kind: 'context', text };
  });
}
