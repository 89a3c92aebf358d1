import { describe, expect, it } from 'vitest';
import { diffLines } from './diff.ts';

describe('diffLines', () => {
  it('tells headers, hunks, additions, deletions and context apart and keeps the text as it is', () => {
    const diff = '--- /etc/app.conf\n+++ /tmp/new\n@@ -1,2 +1,2 @@\n keep\n-workers = 4\n+<b>workers</b> = 8\n';
    expect(diffLines(diff)).toEqual([
      { kind: 'hunk', text: '--- /etc/app.conf' },
      { kind: 'hunk', text: '+++ /tmp/new' },
      { kind: 'hunk', text: '@@ -1,2 +1,2 @@' },
      { kind: 'context', text: ' keep' },
      { kind: 'del', text: '-workers = 4' },
      { kind: 'add', text: '+<b>workers</b> = 8' },
    ]);
  });
});
