import { describe, expect, it } from 'vitest';
import { chefDeltaToDiff } from './chef.delta.ts';

const join = (...lines: string[]) => lines.join('\\n');

describe('Chef delta', () => {
  it('splits lines joined by a literal backslash-n', () => {
    expect(chefDeltaToDiff(join('--- a\t1', '+++ b\t2', '@@ -1,2 +1,2 @@', ' keep', '-old', '+new'))).toBe(
      '--- a\t1\n+++ b\t2\n@@ -1,2 +1,2 @@\n keep\n-old\n+new',
    );
  });

  it('keeps a \\n that belongs to the file content, using the hunk line counts', () => {
    const delta = join('--- a', '+++ b', '@@ -1 +1,2 @@', ' echo "a', 'b"', '+printf "x', ' y"');
    expect(chefDeltaToDiff(delta).split('\n')).toEqual(['--- a', '+++ b', '@@ -1 +1,2 @@', ' echo "a\\nb"', '+printf "x\\n y"']);
  });

  it('handles several hunks and the no-newline marker', () => {
    const delta = join('--- a', '+++ b', '@@ -1 +1 @@', '-x', '+y', '@@ -9 +9 @@', '-p', '\\ No newline at end of file', '+q');
    expect(chefDeltaToDiff(delta).split('\n')).toEqual(['--- a', '+++ b', '@@ -1 +1 @@', '-x', '+y', '@@ -9 +9 @@', '-p', '\\ No newline at end of file', '+q']);
  });

  it('leaves text that is not a diff alone', () => {
    expect(chefDeltaToDiff('(new content is binary, diff output suppressed)')).toBe('(new content is binary, diff output suppressed)');
  });
});
