// `runledger start`: runs until SIGINT/SIGTERM, then shuts down in order (stop accepting,
// finish in-flight requests and jobs, close queues, close the store).
import type { Config } from '../../core/config.ts';
import { type ProcessRole, startRuntime } from '../runtime.ts';

export async function startCommand(config: Config, roles?: ProcessRole[]): Promise<void> {
  const runtime = await startRuntime(config, roles ? { roles } : {});
  process.on('unhandledRejection', (err) => runtime.log.error({ err }, 'unhandled rejection'));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.log.info({ signal }, 'shutting down');
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
