// YAML as Ruby's Psych writes it (Puppet's `http` report processor posts `report.to_yaml`).
// Ruby object tags become plain mappings, symbols become strings, and the document is read
// with js-yaml's core schema: no JS types, no code. Nesting and alias counts are limited
// because aliases can multiply a small document into a huge tree (the "billion laughs").
import yaml from 'js-yaml';
import { IngestError } from '../errors.ts';

const rubyMapping = (prefix: string) =>
  new yaml.Type(prefix, { kind: 'mapping', multi: true, construct: (data: unknown) => data ?? {} });
const rubySequence = (prefix: string) =>
  new yaml.Type(prefix, { kind: 'sequence', multi: true, construct: (data: unknown) => data ?? [] });
const rubyScalar = (tag: string, multi = false) =>
  new yaml.Type(tag, { kind: 'scalar', multi, construct: (data: unknown) => (data == null ? '' : String(data)) });

/** Psych's tags, as they appear in Puppet reports of formats 4 to 12. */
export const RUBY_SCHEMA = yaml.CORE_SCHEMA.extend([
  rubyMapping('!ruby/object:'),
  rubyMapping('!ruby/hash:'),
  rubyMapping('!ruby/struct:'),
  rubySequence('!ruby/array:'),
  rubyScalar('!ruby/sym'),
  rubyScalar('!ruby/symbol'),
  rubyScalar('!ruby/string:', true),
  rubyScalar('!binary'),
  rubyScalar('tag:yaml.org,2002:binary'),
]);

// js-yaml 4.3 reads `maxDepth`; @types/js-yaml predates it.
declare module 'js-yaml' {
  interface LoadOptions {
    maxDepth?: number;
  }
}

export interface YamlLimits {
  maxDepth: number;
  maxAliases: number;
}

/** Every place an alias could start; more than the real number (a `*word` inside a quoted
 *  string matches too), never fewer. */
const ALIAS_CANDIDATE = /(?:^|[\s[{,:-])\*[^\s,[\]{}]/g;

export function parseYaml(text: string, limits: YamlLimits): unknown {
  // Counting aliases exactly needs a callback on every node, a quarter of the parse time;
  // only documents that might exceed the limit pay for it.
  const mightExceed = (text.match(ALIAS_CANDIDATE)?.length ?? 0) > limits.maxAliases;
  let aliases = 0;
  try {
    return yaml.load(text, {
      schema: RUBY_SCHEMA,
      maxDepth: limits.maxDepth,
      // An alias node closes with no kind of its own but a result: the anchored value.
      ...(mightExceed && {
        listener(event: yaml.EventType, state: yaml.State) {
          if (event === 'close' && state.kind === null && state.result !== null && ++aliases > limits.maxAliases) {
            throw new IngestError('RL_INGEST_TOO_MANY_ALIASES', `the YAML body uses more than ${limits.maxAliases} aliases`);
          }
        },
      }),
    });
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const message = (err as Error).message.split('\n')[0] ?? '';
    if (message.includes('maxDepth')) {
      throw new IngestError('RL_INGEST_TOO_DEEP', `the YAML body nests deeper than the limit of ${limits.maxDepth} levels`);
    }
    throw new IngestError('RL_INGEST_MALFORMED', `the body is not valid YAML: ${message}`);
  }
}
