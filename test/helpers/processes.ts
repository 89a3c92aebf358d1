// Runs `runledger start --role …` as real separate processes (bin/runledger.js) on one
// configuration file, and collects each one's JSON log lines, for scale-out tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { type ConfigInput, ENV_KEYS } from '../../core/config.ts';

const BIN = new URL('../../bin/runledger.js', import.meta.url).pathname;

export interface LogLine {
  msg: string;
  [key: string]: unknown;
}

export interface RunledgerProcess {
  child: ChildProcess;
  pid: number;
  logs: LogLine[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Waits until a log line matches, polling the lines collected so far. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** Writes the configuration every process of a test shares. */
export function writeConfig(dir: string, config: ConfigInput): string {
  const file = join(dir, 'runledger.yaml');
  writeFileSync(file, yaml.dump(config));
  return file;
}

/** The caller's environment without the variables that would override the shared file
 *  (CI exports RUNLEDGER_DATA_DIR, for one). */
function environmentFor(configFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RUNLEDGER_CONFIG: configFile };
  for (const name of Object.keys(ENV_KEYS)) if (name !== 'REDIS_URL') delete env[name];
  return env;
}

export function spawnRunledger(configFile: string, roles: string[]): RunledgerProcess {
  const child = spawn(process.execPath, [BIN, 'start', '--role', ...roles], {
    env: environmentFor(configFile),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => logs.push({ msg: `stderr: ${chunk.toString('utf8')}` }));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    pid: child.pid!,
    logs,
    exited,
    async waitForLog(match, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find(match);
        if (found) return found;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`process ${child.pid} never logged the expected line; its log:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
