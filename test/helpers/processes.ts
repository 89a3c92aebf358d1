// Runs `runledger start --role …` as real separate processes (bin/runledger.js) on one
// configuration file, and collects each one's JSON log lines, for scale-out tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { ConfigInput } from '../../core/config.ts';

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

export function spawnRunledger(configFile: string, roles: string[]): RunledgerProcess {
  const child = spawn(process.execPath, [BIN, 'start', '--role', ...roles], {
    env: { ...process.env, RUNLEDGER_CONFIG: configFile },
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
