// A report service over a seeded store for tests: jobs are collected instead of queued,
// notifications are recorded, the archive and key live in a temporary directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.ts';
import type { Store } from '../../store/types.ts';
import { createFileArchive } from '../archive.ts';
import type { ReportNotifier, ReportReadyInfo } from '../notifier.ts';
import { createReportService } from '../service.ts';
import { defaultKeyPath, loadSigningKey } from '../signing.ts';
import { createTemplateEngine } from '../templates/engine.ts';

export function testReportService(store: Store, clock: Clock, options: { chromiumPath?: string; templatesDir?: string; queueDown?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rl-reports-'));
  const jobs: { tenant: string; reportId: string }[] = [];
  const notified: { recipients: string[]; info: ReportReadyInfo }[] = [];
  const notifier: ReportNotifier = { reportReady: async (recipients, info) => void notified.push({ recipients, info }) };
  const signingKey = loadSigningKey(defaultKeyPath(dir), true);
  const service = createReportService({
    store,
    archive: createFileArchive(join(dir, 'reports')),
    clock,
    engine: createTemplateEngine(options.templatesDir ? { userDir: options.templatesDir } : {}),
    signingKey,
    notifier,
    enqueue: async (job) => {
      if (options.queueDown) throw new Error('Connection is closed.');
      jobs.push(job);
    },
    settings: { retentionDays: 2192, runsRetentionDays: 396, chromiumPath: options.chromiumPath ?? '/usr/bin/chromium', productVersion: '0.1.0' },
  });
  return { service, jobs, notified, signingKey, dir };
}
