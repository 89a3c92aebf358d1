// Turns what a user types into an FTS5 query: every word must match, a trailing * keeps
// prefix search, and FTS5 operators in the input are taken literally, never interpreted.
export function toFtsQuery(q: string): string | undefined {
  const terms = q.match(/[^\s"]+\*?/g) ?? [];
  const quoted = terms
    .map((term) => {
      const prefix = term.endsWith('*');
      const word = (prefix ? term.slice(0, -1) : term).replaceAll('"', '');
      return word ? `"${word}"${prefix ? '*' : ''}` : '';
    })
    .filter(Boolean);
  return quoted.length ? quoted.join(' AND ') : undefined;
}
