// Collects the evidence for a period from the Store's reporting reads: streams the changes
// and failures (never the whole period at once from the database) and derives every count,
// gap and finding the PCI DSS and HIPAA reports print.
import picomatch from 'picomatch';
import { type ClassificationSummary, summarize } from '../../core/classification.ts';
import { DAY_MS } from '../../core/clock.ts';
import type { ChangeRecord } from '../../store/types.ts';
import type { PopulationEntry, ReportPeriod } from '../../store/reporting.types.ts';
import { reportPeriod } from '../period.ts';
import type { CollectContext } from '../types.ts';
import type { EvidenceParams } from './evidence.params.ts';
import type { AuthFailureGroup, ControlFailure, DailyChanges, Evidence, PopulationRow, TracedChange } from './evidence.types.ts';
import { auditChainFinding, authFinding, changeFinding, failureFinding, stableId, unattributedAuthFinding } from './findings.ts';

const TRACED = ['planned', 'unplanned', 'out_of_window', 'corrective', 'failed'] as const;
const PCI_MIN_RETENTION_DAYS = 365;

export async function collectEvidence(ctx: CollectContext, params: EvidenceParams): Promise<Evidence> {
  const { store, tenant } = ctx;
  const now = ctx.clock.now();
  const period = reportPeriod(params, now);
  const maxGapMs = params.maxGapDays * DAY_MS;
  const inScope = (environment?: string) => params.environments.length === 0 || (environment !== undefined && params.environments.includes(environment));

  const entries = (await store.reporting.population(tenant, period)).filter((p) => inScope(p.environment));
  const nodes = entries.map((entry) => populationRow(entry, maxGapMs));
  const scoped = new Set(nodes.map((n) => n.node));

  const isNetwork = networkMatcher(params);
  const changes: TracedChange[] = [];
  const daily = new Map<string, DailyChanges>();
  for await (const change of store.reporting.changes(tenant, period, { classifications: TRACED })) {
    if (!scoped.has(change.node) || !change.classification) continue;
    const traced = trace(change, isNetwork(change));
    changes.push(traced);
    const day = traced.at.slice(0, 10);
    const counts = daily.get(day) ?? { day, ...summarize([]) };
    counts[traced.classification] += 1;
    daily.set(day, counts);
  }
  const changeCounts: ClassificationSummary = summarize(changes.map((c) => ({ classification: c.classification, reason: '' })));

  const failures: ControlFailure[] = [];
  for await (const run of store.reporting.failedRuns(tenant, period)) {
    if (!scoped.has(run.node)) continue;
    const end = run.endedAt ?? run.startedAt;
    failures.push({
      id: stableId('CF', run.id),
      kind: 'run_failure',
      node: run.node,
      start: run.startedAt,
      end,
      durationMs: Date.parse(end) - Date.parse(run.startedAt),
      cause: `run ${run.id} ended with status ${run.status} (${run.counts.failed} failed resource(s))`,
      changesDuringGap: 0,
      resumedAt: null,
    });
  }
  for (const node of nodes.filter((n) => n.gapException)) {
    const resumed = Date.parse(node.longestGapUntil) < period.until.getTime();
    failures.push({
      id: stableId('CF', node.node, node.longestGapFrom),
      kind: 'node_stopped_reporting',
      node: node.node,
      start: node.longestGapFrom,
      end: node.longestGapUntil,
      durationMs: Date.parse(node.longestGapUntil) - Date.parse(node.longestGapFrom),
      cause: `no successful run for ${node.longestGapDays} days (allowed: ${params.maxGapDays})`,
      changesDuringGap: changes.filter((c) => c.node === node.node && c.at === node.longestGapUntil).length,
      resumedAt: resumed ? node.longestGapUntil : null,
    });
  }

  const groups = new Map<string, AuthFailureGroup>();
  for await (const entry of store.reporting.auditEvents(tenant, period, ['auth.failure'])) {
    const reason = String(entry.details?.reason ?? 'unknown');
    const sourceIp = entry.sourceIp ?? 'unknown';
    const group = groups.get(`${sourceIp} ${reason}`) ?? { sourceIp, reason, count: 0, first: entry.at, last: entry.at };
    group.count += 1;
    group.last = entry.at;
    groups.set(`${sourceIp} ${reason}`, group);
  }
  const counts = await store.reporting.auditCounts(tenant, period);
  const unattributed = (await store.reporting.auditCounts(undefined, period)).filter((c) => c.action === 'auth.failure').reduce((sum, c) => sum + c.count, 0);
  const countOf = (match: (action: string, outcome: string) => boolean) => counts.filter((c) => match(c.action, c.outcome)).reduce((sum, c) => sum + c.count, 0);

  const verification = await store.audit.verify();
  const firstBroken = verification.firstBroken ? `entry ${verification.firstBroken.seq}: ${verification.firstBroken.reason}` : null;

  const authGroups = [...groups.values()];
  const findings = [
    ...changes.flatMap((c) => changeFinding(c) ?? []),
    ...failures.map(failureFinding),
    ...authGroups.map(authFinding),
    ...(unattributed > 0 ? [unattributedAuthFinding(unattributed, period.from.toISOString())] : []),
    ...(firstBroken ? [auditChainFinding(firstBroken, now.toISOString())] : []),
  ].sort((a, b) => a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id));

  const delays = entries.map((e) => e.maxReportDelayMs).filter((d): d is number => d !== undefined);
  const reporting = nodes.filter((n) => n.reported).length;
  return {
    population: {
      nodes,
      inventory: nodes.length,
      reporting,
      coveragePct: nodes.length === 0 ? 0 : (reporting / nodes.length) * 100,
      gapExceptions: nodes.filter((n) => n.gapException).length,
      maxGapDays: params.maxGapDays,
    },
    changes,
    changeCounts,
    networkChanges: { total: changes.filter((c) => c.network).length, exceptions: changes.filter((c) => c.network && changeFinding(c)).length },
    daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day)),
    runs: {
      total: nodes.reduce((sum, n) => sum + n.runs, 0),
      successful: nodes.reduce((sum, n) => sum + n.successfulRuns, 0),
      failed: nodes.reduce((sum, n) => sum + n.failedRuns, 0),
    },
    failures,
    auth: { groups: authGroups, attributed: authGroups.reduce((sum, g) => sum + g.count, 0), unattributed },
    credentialChanges: countOf((action, outcome) => (action === 'token.create' || action === 'token.revoke') && outcome === 'success'),
    planDecisions: countOf((action, outcome) => ['plan.approve', 'plan.reject', 'plan.revoke'].includes(action) && outcome === 'success'),
    auditChain: { ok: verification.ok, checked: verification.checked, headSeq: verification.head?.seq ?? null, headHash: verification.head?.hash ?? null, firstBroken, checkedAt: now.toISOString() },
    findings,
    retention: { runsDays: ctx.retention.runsDays, reportsDays: ctx.retention.reportsDays, meetsPci1051: ctx.retention.runsDays >= PCI_MIN_RETENTION_DAYS },
    timeSync: { maxReportDelayMs: delays.length ? Math.max(...delays) : null },
  };
}

function populationRow(entry: PopulationEntry, maxGapMs: number): PopulationRow {
  return {
    node: entry.node,
    environment: entry.environment ?? null,
    roles: entry.roles.join(' '),
    firstSeen: entry.firstSeen,
    lastSeen: entry.lastSeen,
    runs: entry.runs,
    successfulRuns: entry.successfulRuns,
    failedRuns: entry.failedRuns,
    lastSuccessAt: entry.lastSuccessAt ?? null,
    longestGapDays: Math.round((entry.longestGap.ms / DAY_MS) * 10) / 10,
    longestGapFrom: entry.longestGap.from,
    longestGapUntil: entry.longestGap.until,
    reported: entry.runs > 0,
    gapException: entry.longestGap.ms > maxGapMs,
  };
}

function trace(change: ChangeRecord, network: boolean): TracedChange {
  const c = change.classification!;
  return {
    evidenceId: `EV-${change.id.slice(2)}`,
    at: change.startedAt,
    node: change.node,
    environment: change.environment ?? null,
    resource: `${change.type}[${change.title}]`,
    classification: c.classification,
    planId: c.plan?.id ?? null,
    ticket: c.plan?.ticket ?? null,
    approver: c.plan?.approver ?? null,
    reason: c.reason,
    network,
    run: change.run,
  };
}

function networkMatcher(params: EvidenceParams): (change: ChangeRecord) => boolean {
  const types = new Set(params.networkResourceTypes.map((t) => t.toLowerCase()));
  const paths = picomatch(params.networkPaths, { dot: true });
  return (change) => types.has(change.type.toLowerCase()) || paths(change.path ?? change.title);
}
