// Chef's `delta` joins the lines of a unified diff with a literal backslash-n
// (chef/chef lib/chef/util/diff.rb#for_reporting), so a "\n" typed inside the file looks
// the same as a line break. The hunk headers say how many lines each side has; splitting
// only where a real diff line can start, within those counts, recovers the real lines.
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

export function chefDeltaToDiff(delta: string): string {
  const pieces = delta.split('\\n');
  const lines: string[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  for (const piece of pieces) {
    const hunk = HUNK.exec(piece);
    const inHunk = oldLeft > 0 || newLeft > 0;
    let startsLine: boolean;
    if (hunk && !inHunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      startsLine = true;
    } else if (inHunk) {
      const mark = piece[0];
      startsLine =
        (mark === ' ' && oldLeft > 0 && newLeft > 0) || (mark === '-' && oldLeft > 0) || (mark === '+' && newLeft > 0) || mark === '\\';
      if (startsLine && mark !== '\\') {
        if (mark !== '+') oldLeft -= 1;
        if (mark !== '-') newLeft -= 1;
      }
    } else {
      startsLine = lines.length < 2 || piece.startsWith('\\') || piece.startsWith('--- ') || piece.startsWith('+++ ') || piece === '';
    }
    if (startsLine || lines.length === 0) lines.push(piece);
    else lines[lines.length - 1] += `\\n${piece}`;
  }
  return lines.join('\n');
}
