// Report generation as a service: request (validate, record, audit, queue), run (in the
// reports worker: generate, archive, record, notify) and download (audited). The API, the
// scheduler and the CLI all go through it.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { DAY_MS, type Clock } from '../core/clock.ts';
import { randomId } from '../core/ids.ts';
import type { ReportRecord } from '../store/report-records.types.ts';
import type { Store } from '../store/types.ts';
import type { ReportArchive } from './archive.ts';
import { REPORT_DEFINITIONS } from './definitions/index.ts';
import { fileName, generateReport } from './generate.ts';
import type { ReportNotifier } from './notifier.ts';
import { MANIFEST_FILE, type SigningKey, type VerifyResult } from './signing.ts';
import type { TemplateEngine } from './templates/engine.ts';
import { REPORT_FORMATS, type ReportFormat } from './types.ts';
import { storedZip } from './stored-zip.ts';
import { verifyStored } from './verify-stored.ts';

export const DOWNLOAD_FORMATS = [...REPORT_FORMATS, 'bundle', 'manifest', 'signature'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export interface ReportServiceDeps {
  store: Store;
  archive: ReportArchive;
  clock: Clock;
  engine: TemplateEngine;
  signingKey: SigningKey;
  notifier: ReportNotifier;
  enqueue(job: { tenant: string; reportId: string }): Promise<void>;
  settings: { retentionDays: number; runsRetentionDays: number; chromiumPath: string; productVersion: string; publicUrl?: string };
}

export interface ReportRequest {
  tenant: string;
  /** Token id, or schedule:<id>. */
  actor: string;
  sourceIp?: string;
  definition: string;
  params: unknown;
  formats: readonly ReportFormat[];
  template?: string;
  recipients?: readonly string[];
}

export type ReportProblem =
  | { kind: 'invalid'; message: string }
  | { kind: 'not_found'; message: string }
  | { kind: 'not_ready'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'queue'; message: string };

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: ReportProblem };

/** A file (or the bundle) read from the archive as it is sent. */
export interface Download {
  name: string;
  contentType: string;
  /** Size, when known before sending (the bundle is zipped on the way). */
  bytes?: number;
  body: Readable;
}

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService(deps: ReportServiceDeps) {
  const { store, archive, clock, settings } = deps;
  const audit = (tenant: string, actor: string, action: string, target: string, outcome: 'success' | 'failure', details: Record<string, unknown>, sourceIp?: string) =>
    store.audit.append({ tenant, actor, action, target, outcome, details, at: clock.now().toISOString(), ...(sourceIp ? { sourceIp } : {}) });

  /** The definition and parsed parameters of a request, or why it is invalid (the message names the field). */
  function check(req: Pick<ReportRequest, 'definition' | 'params' | 'template'>): Outcome<{ definition: (typeof REPORT_DEFINITIONS)[string]; params: Record<string, unknown> }> {
    const definition = REPORT_DEFINITIONS[req.definition];
    if (!definition) return { ok: false, problem: { kind: 'invalid', message: `definition: unknown report definition '${req.definition}' (known: ${Object.keys(REPORT_DEFINITIONS).join(', ')})` } };
    const parsed = definition.params.safeParse(req.params);
    if (!parsed.success) return { ok: false, problem: { kind: 'invalid', message: `params: ${z.prettifyError(parsed.error)}` } };
    const template = req.template ?? definition.template;
    if (!deps.engine.has(template)) return { ok: false, problem: { kind: 'invalid', message: `template: no report template '${template}'` } };
    return { ok: true, value: { definition, params: parsed.data as Record<string, unknown> } };
  }

  async function request(req: ReportRequest): Promise<Outcome<ReportRecord>> {
    const checked = check(req);
    if (!checked.ok) return checked;
    const { definition, params } = checked.value;
    const now = clock.now();
    const record: ReportRecord = {
      id: randomId('rpt'),
      tenant: req.tenant,
      definition: definition.id,
      params,
      formats: [...new Set(req.formats)],
      ...(req.template ? { template: req.template } : {}),
      recipients: [...(req.recipients ?? [])],
      requestedBy: req.actor,
      state: 'queued',
      progress: 0,
      files: [],
      unavailable: {},
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + settings.retentionDays * DAY_MS).toISOString(),
    };
    await store.reports.create(record);
    await audit(req.tenant, req.actor, 'report.generate', record.id, 'success', { definition: record.definition, params: record.params, formats: record.formats }, req.sourceIp);
    try {
      await deps.enqueue({ tenant: req.tenant, reportId: record.id });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await store.reports.update(req.tenant, record.id, { state: 'failed', error: `not queued: ${message}`, finishedAt: clock.now().toISOString() });
      return { ok: false, problem: { kind: 'queue', message } };
    }
    return { ok: true, value: record };
  }

  /** Generates a queued report; on error the record says why, its files are removed and the
   *  error is rethrown. `onProgress` hears every step the record is updated with (the queue job's progress). */
  async function run(tenant: string, reportId: string, onStep?: (progress: number, step: string) => Promise<void>): Promise<ReportRecord> {
    const record = await store.reports.get(tenant, reportId);
    if (!record) throw new Error(`[reports] no report ${reportId} for tenant ${tenant}`);
    if (record.state === 'ready') return record;
    const onProgress = async (progress: number, step: string) => {
      await store.reports.update(tenant, reportId, { state: 'running', progress, step });
      await onStep?.(progress, step);
    };
    try {
      const definition = REPORT_DEFINITIONS[record.definition];
      if (!definition) throw new Error(`[reports] report definition '${record.definition}' no longer exists`);
      const ctx = { store, tenant, clock, retention: { runsDays: settings.runsRetentionDays, reportsDays: settings.retentionDays }, productVersion: settings.productVersion };
      // A retried job starts over: files of an earlier attempt go first.
      await archive.remove(tenant, reportId);
      const output = await archive.open(tenant, reportId);
      const generated = await generateReport(definition, { reportId, params: record.params, formats: record.formats as ReportFormat[], ...(record.template ? { template: record.template } : {}), onProgress }, {
        ctx, engine: deps.engine, signingKey: deps.signingKey, chromiumPath: settings.chromiumPath, output,
      });
      const formatOf = (name: string) => REPORT_FORMATS.find((f) => name === fileName(reportId, f)) ?? (name === MANIFEST_FILE ? 'manifest' : 'signature');
      const { findings } = generated;
      const ready = (await store.reports.update(tenant, reportId, {
        state: 'ready',
        progress: 100,
        step: 'done',
        files: generated.files.map((f) => ({ name: f.name, format: formatOf(f.name), contentType: f.contentType, sha256: f.sha256, bytes: f.bytes })),
        unavailable: generated.unavailable,
        findings,
        finishedAt: clock.now().toISOString(),
      }))!;
      await audit(tenant, 'system', 'report.generated', reportId, 'success', { definition: record.definition, findings, files: ready.files.map((f) => ({ name: f.name, sha256: f.sha256 })) });
      if (record.recipients.length > 0) {
        const period = typeof record.params.from === 'string' && typeof record.params.until === 'string' ? { from: record.params.from, until: record.params.until } : undefined;
        await deps.notifier.reportReady(record.recipients, {
          reportId, tenant, definition: record.definition, findings, formats: ready.files.map((f) => f.format),
          ...(period ? { period } : {}),
          ...(settings.publicUrl ? { url: `${settings.publicUrl.replace(/\/$/, '')}/api/v1/reports/${reportId}` } : {}),
        });
      }
      return ready;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await archive.remove(tenant, reportId);
      await store.reports.update(tenant, reportId, { state: 'failed', error: message, finishedAt: clock.now().toISOString() });
      await audit(tenant, 'system', 'report.generated', reportId, 'failure', { definition: record.definition, error: message });
      throw err;
    }
  }

  async function readyRecord(tenant: string, reportId: string): Promise<Outcome<ReportRecord>> {
    const record = await store.reports.get(tenant, reportId);
    if (!record) return { ok: false, problem: { kind: 'not_found', message: `no report ${reportId}` } };
    if (record.state !== 'ready') return { ok: false, problem: { kind: 'not_ready', message: `report ${reportId} is ${record.state} (${record.progress} %)` } };
    return { ok: true, value: record };
  }

  async function download(tenant: string, actor: string, reportId: string, format: DownloadFormat, sourceIp?: string): Promise<Outcome<Download>> {
    const ready = await readyRecord(tenant, reportId);
    if (!ready.ok) return ready;
    const record = ready.value;
    if (format !== 'bundle' && record.unavailable[format]) return { ok: false, problem: { kind: 'unavailable', message: record.unavailable[format]! } };
    const names = format === 'bundle' ? record.files.map((f) => f.name) : record.files.filter((f) => f.format === format).map((f) => f.name);
    if (names.length === 0) return { ok: false, problem: { kind: 'not_found', message: `report ${reportId} was not rendered as ${format} (formats: ${record.formats.join(', ')})` } };
    const files = await Promise.all(names.map(async (name) => ({ name, stored: await archive.stream(tenant, reportId, name) })));
    if (files.some((f) => !f.stored)) {
      for (const f of files) f.stored?.stream.destroy();
      return { ok: false, problem: { kind: 'not_found', message: `the files of report ${reportId} are no longer in the archive` } };
    }
    const listed = (name: string) => record.files.find((f) => f.name === name)!;
    const result: Download =
      format === 'bundle'
        ? { name: `${reportId}.zip`, contentType: 'application/zip', body: Readable.from(storedZip(files.map((f) => ({ name: f.name, stream: f.stored!.stream })))) }
        : { name: names[0]!, contentType: listed(names[0]!).contentType, bytes: files[0]!.stored!.bytes, body: files[0]!.stored!.stream };
    // The hashes are the manifest's: each file was hashed as it was written.
    const hashes = format === 'bundle' ? { files: files.map((f) => ({ name: f.name, sha256: listed(f.name).sha256 })) } : { sha256: listed(names[0]!).sha256 };
    await audit(tenant, actor, 'report.download', reportId, 'success', { format, name: result.name, ...hashes }, sourceIp);
    return { ok: true, value: result };
  }

  /** Checks the stored files against the signed manifest (audited either way). */
  async function verify(tenant: string, actor: string, reportId: string, sourceIp?: string): Promise<Outcome<VerifyResult>> {
    const ready = await readyRecord(tenant, reportId);
    if (!ready.ok) return ready;
    const result = await verifyStored(archive, ready.value, deps.signingKey.publicKeyPem);
    await audit(tenant, actor, 'report.verify', reportId, result.ok ? 'success' : 'failure', result.ok ? { keyId: deps.signingKey.keyId } : { reason: result.reason }, sourceIp);
    return { ok: true, value: result };
  }

  /** Deletes generated reports whose retention has ended. */
  async function purge(): Promise<number> {
    let purged = 0;
    for (;;) {
      const expired = await store.reports.expired(clock.now(), 100);
      if (expired.length === 0) return purged;
      for (const record of expired) {
        await archive.remove(record.tenant, record.id);
        await store.reports.delete(record.tenant, record.id);
        await audit(record.tenant, 'system', 'report.purge', record.id, 'success', { definition: record.definition, createdAt: record.createdAt, expiresAt: record.expiresAt });
        purged += 1;
      }
    }
  }

  return {
    check,
    request,
    run,
    download,
    verify,
    purge,
    get: (tenant: string, id: string) => store.reports.get(tenant, id),
    list: (tenant: string, page: { limit: number; cursor?: string }) => store.reports.list(tenant, page),
    publicKeyPem: deps.signingKey.publicKeyPem, keyId: deps.signingKey.keyId,
  };
}

