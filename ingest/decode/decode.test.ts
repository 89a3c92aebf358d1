import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.ts';
import { decodeContentEncoding } from './content-encoding.ts';
import { maxJsonDepth, parseJson } from './json.ts';
import { parseYaml } from './yaml.ts';

const LIMITS = { maxDepth: 64, maxAliases: 3 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof IngestError ? err.code : `not an IngestError: ${String(err)}`;
  }
  return undefined;
}

describe('YAML as Puppet writes it', () => {
  it('reads Ruby object tags as plain mappings and symbols as strings', () => {
    const doc = parseYaml(
      '--- !ruby/object:Puppet::Transaction::Report\nlogs:\n- !ruby/object:Puppet::Util::Log\n  level: !ruby/sym info\n  message: hi\ntime: 2017-06-28 17:28:03.565743001 Z\n',
      LIMITS,
    );
    expect(doc).toEqual({ logs: [{ level: 'info', message: 'hi' }], time: '2017-06-28 17:28:03.565743001 Z' });
  });

  it('never builds JavaScript types from tags', () => {
    expect(codeOf(() => parseYaml('x: !!js/function "function () {}"\n', LIMITS))).toBe('RL_INGEST_MALFORMED');
  });

  it('allows aliases up to the limit and refuses one more (billion laughs)', () => {
    const doc = 'a: &a [x, y]\nb: [*a, *a, *a]\n';
    expect(parseYaml(doc, LIMITS)).toEqual({ a: ['x', 'y'], b: [['x', 'y'], ['x', 'y'], ['x', 'y']] });
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n';
    expect(codeOf(() => parseYaml(bomb, LIMITS))).toBe('RL_INGEST_TOO_MANY_ALIASES');
  });

  it('counts real aliases, not asterisks in text, when the text has many', () => {
    const words = Array.from({ length: 10 }, (_, i) => `*bold${i}`).join(' ');
    expect(parseYaml(`message: "${words}"\nlist:\n- '*not an alias'\n`, LIMITS)).toEqual({ message: words, list: ['*not an alias'] });
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `${'['.repeat(80)}${']'.repeat(80)}`;
    expect(codeOf(() => parseYaml(deep, LIMITS))).toBe('RL_INGEST_TOO_DEEP');
  });

  it('says where malformed YAML breaks', () => {
    expect(() => parseYaml('a: [1, 2\nb: 3\n', LIMITS)).toThrow(/^the body is not valid YAML: /);
  });
});

describe('JSON', () => {
  it('measures nesting without counting brackets inside strings', () => {
    expect(maxJsonDepth('{"a":[1,{"b":"[[[[\\"]]"}]}', 100)).toBe(3);
  });

  it('refuses nesting deeper than the limit before parsing', () => {
    expect(codeOf(() => parseJson(`${'['.repeat(65)}${']'.repeat(65)}`, { maxDepth: 64 }))).toBe('RL_INGEST_TOO_DEEP');
  });

  it('reports malformed JSON as such', () => {
    expect(codeOf(() => parseJson('{"a":', { maxDepth: 64 }))).toBe('RL_INGEST_MALFORMED');
  });
});

describe('Content-Encoding', () => {
  const body = Buffer.from('x'.repeat(10_000));

  it.each([
    { name: 'gzip', encoded: gzipSync(body) },
    { name: 'x-gzip', encoded: gzipSync(body) },
    { name: 'deflate', encoded: deflateSync(body) },
    { name: 'identity', encoded: body },
  ])('decodes $name', ({ name, encoded }) => {
    expect(decodeContentEncoding(encoded, name, 1 << 20)).toEqual(body);
  });

  it('refuses a body that inflates beyond the limit (zip bomb)', () => {
    expect(codeOf(() => decodeContentEncoding(gzipSync(Buffer.alloc(5_000_000)), 'gzip', 1_000_000))).toBe('RL_INGEST_TOO_LARGE');
  });

  it('refuses an encoding it does not know, and data that is not what the header says', () => {
    expect(codeOf(() => decodeContentEncoding(body, 'br', 1 << 20))).toBe('RL_INGEST_CONTENT_ENCODING');
    expect(codeOf(() => decodeContentEncoding(body, 'gzip', 1 << 20))).toBe('RL_INGEST_MALFORMED');
  });
});
