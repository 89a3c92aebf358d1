// Runs the real `puppet apply` (Debian's puppet-agent) in a private directory, so tests and
// the fixture recorder never touch the machine's own Puppet state.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PUPPET = process.env.PUPPET_BIN ?? 'puppet';

export interface ApplyOptions {
  reporturl?: string;
  noop?: boolean;
  /** The node name the report carries (default: this machine's). */
  certname?: string;
}

export interface PuppetSandbox {
  dir: string;
  /** Where manifests put the files they manage. */
  files: string;
  apply(manifest: string, options?: ApplyOptions): Promise<{ code: number; output: string }>;
}

export function puppetSandbox(dir = mkdtempSync(join(tmpdir(), 'rl-puppet-'))): PuppetSandbox {
  const files = join(dir, 'files');
  for (const sub of ['conf', 'var', 'code', 'log', 'run', 'files']) mkdirSync(join(dir, sub), { recursive: true });
  return {
    dir,
    files,
    async apply(manifest, options = {}) {
      const path = join(dir, 'site.pp');
      writeFileSync(path, manifest);
      const args = ['apply', '--confdir', join(dir, 'conf'), '--vardir', join(dir, 'var'), '--codedir', join(dir, 'code')];
      args.push('--logdir', join(dir, 'log'), '--rundir', join(dir, 'run'), '--show_diff', '--detailed-exitcodes', '--color', 'false');
      if (options.reporturl) args.push('--reports', 'http', '--reporturl', options.reporturl);
      else args.push('--reports', 'none');
      if (options.noop) args.push('--noop');
      if (options.certname) args.push('--certname', options.certname);
      args.push(path);
      try {
        const { stdout, stderr } = await run(PUPPET, args, { timeout: 120_000 });
        return { code: 0, output: stdout + stderr };
      } catch (err) {
        const e = err as { code?: number | string; stdout?: string; stderr?: string };
        if (typeof e.code !== 'number') throw err;
        // --detailed-exitcodes: 2 = changes, 4 = failures, 6 = both.
        return { code: e.code, output: (e.stdout ?? '') + (e.stderr ?? '') };
      }
    },
  };
}

export async function puppetAvailable(): Promise<boolean> {
  try {
    await run(PUPPET, ['--version']);
    return true;
  } catch {
    return false;
  }
}
