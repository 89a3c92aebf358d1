// The `reports:` configuration section: retention of generated reports, signing key, the
// Chromium used for PDF, a user template directory, and schedules.
import { z } from 'zod';
import { CronExpression } from '../core/cron-expression.ts';
import { REPORT_FORMATS } from './types.ts';

export const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not a known IANA time zone');

export const SCHEDULE_PERIODS = ['previous-day', 'previous-week', 'previous-month'] as const;
export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];

export const ReportSchedule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).describe('Name of the schedule (lowercase, digits, dashes)'),
  tenant: z.string().min(1).max(200).describe('Tenant the report is about'),
  definition: z.string().min(1).max(100).describe('Report definition id (pci-dss, hipaa, …)'),
  cron: CronExpression.describe('When to generate (cron, in timeZone)'),
  timeZone: TimeZone.default('UTC').describe('IANA time zone of the cron expression'),
  period: z.enum(SCHEDULE_PERIODS).default('previous-day').describe('The whole UTC days (or ISO week / month) before the run the report covers'),
  params: z.record(z.string(), z.unknown()).default({}).describe('Other parameters of the definition (from/until come from period)'),
  formats: z.array(z.enum(REPORT_FORMATS)).min(1).default(['html', 'pdf', 'csv', 'json']).describe('Formats to render'),
  recipients: z.array(z.string().min(1).max(500)).max(100).default([]).describe('Receivers (names in alerts.receivers: email, Slack, Teams, webhook, …) told when the report is ready, also when it has no findings'),
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;

export const ReportsConfig = z.strictObject({
  retentionDays: z.number().int().min(1).default(2192).describe('How long generated reports are kept; 6 years (HIPAA 164.316(b)(2)(i))'),
  purgeCron: CronExpression.default('29 4 * * *').describe('When expired generated reports are deleted (cron)'),
  signingKeyPath: z.string().min(1).optional().describe('Ed25519 private key (PEM) that signs report manifests; default: <dataDir>/keys/report-signing.pem, created on first use'),
  chromiumPath: z.string().min(1).default('/usr/bin/chromium').describe('Chromium that prints PDFs; without it PDF downloads fail and other formats work'),
  templatesDir: z.string().min(1).optional().describe('Directory of user handlebars templates (<id>.hbs, partials/*.hbs)'),
  schedules: z.array(ReportSchedule).max(200).default([]).describe('Reports generated on a schedule'),
});
export type ReportsConfig = z.infer<typeof ReportsConfig>;
