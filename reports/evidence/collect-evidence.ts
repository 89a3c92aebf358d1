// Collects the evidence for a period from the Store's reporting reads: streams the changes
// and failures (never the whole period at once, neither from the database nor in memory)
// and derives every count, gap and finding the PCI DSS and HIPAA reports print.
import picomatch from 'picomatch';
import { type ClassificationSummary, summarize } from '../../core/classification.ts';
import { DAY_MS } from '../../core/clock.ts';
import type { ChangeRecord } from '../../store/types.ts';
import type { PopulationEntry, ReportPeriod } from '../../store/reporting.types.ts';
import { reportPeriod } from '../period.ts';
import type { CollectContext } from '../types.ts';
import type { EvidenceParams } from './evidence.params.ts';
import type { Scratch } from '../row-stream.ts';
import type { AuthFailureGroup, ControlFailure, DailyChanges, Evidence, Finding, PopulationRow, TracedChange } from './evidence.types.ts';
import { auditChainFinding, authFinding, changeFinding, failureFinding, stableId, unattributedAuthFinding } from './findings.ts';

const TRACED = ['planned', 'unplanned', 'out_of_window', 'corrective', 'failed'] as const;
const PCI_MIN_RETENTION_DAYS = 365;

/** The evidence, and the ids of the register entries citing each control tag (for the control summary). */
export interface CollectedEvidence {
  evidence: Evidence<true>;
  citations: ReadonlyMap<string, readonly string[]>;
}

/** Parts of the period between two progress reports while the changes stream. */
const PROGRESS_STEPS = 10;

/** Reads the period once: changes and failed runs are streamed from the Store side by side, in
 *  time order, into the scratch spools (changes, failures, and the exceptions register, which
 *  interleaves both), counting as they pass. Progress is how far into the period the changes are. */
export async function collectEvidence(ctx: CollectContext, params: EvidenceParams, scratch: Scratch, onProgress?: (done: number) => Promise<void>): Promise<CollectedEvidence> {
  const { store, tenant } = ctx;
  const now = ctx.clock.now();
  const period = reportPeriod(params, now);
  const maxGapMs = params.maxGapDays * DAY_MS;
  const inScope = (environment?: string) => params.environments.length === 0 || (environment !== undefined && params.environments.includes(environment));

  const entries = (await store.reporting.population(tenant, period)).filter((p) => inScope(p.environment));
  const nodes = entries.map((entry) => populationRow(entry, maxGapMs));
  const scoped = new Set(nodes.map((n) => n.node));
  const gapNodes = nodes.filter((n) => n.gapException);
  /** Changes applied by the run that ended each silent period, by node. */
  const gapEnds = new Map(gapNodes.map((n) => [n.node, n.longestGapUntil]));
  const changesDuringGap = new Map<string, number>();

  const isNetwork = networkMatcher(params);
  const changesSpool = scratch.spool<TracedChange>('changes');
  const changeCounts: ClassificationSummary = summarize([]);
  const networkChanges = { total: 0, exceptions: 0 };
  const daily = new Map<string, DailyChanges>();
  const span = period.until.getTime() - period.from.getTime();
  let reported = 0;
  async function* changeFindings(): AsyncIterable<Finding> {
    for await (const change of store.reporting.changes(tenant, period, { classifications: TRACED })) {
      const part = Math.floor(((Date.parse(change.startedAt) - period.from.getTime()) / span) * PROGRESS_STEPS);
      if (part > reported) {
        reported = part;
        await onProgress?.(part / PROGRESS_STEPS);
      }
      if (!scoped.has(change.node) || !change.classification) continue;
      const traced = trace(change, isNetwork(change));
      await changesSpool.append(traced);
      changeCounts[traced.classification] += 1;
      const day = traced.at.slice(0, 10);
      const counts = daily.get(day) ?? { day, ...summarize([]) };
      counts[traced.classification] += 1;
      daily.set(day, counts);
      if (gapEnds.get(traced.node) === traced.at) changesDuringGap.set(traced.node, (changesDuringGap.get(traced.node) ?? 0) + 1);
      const finding = changeFinding(traced);
      if (traced.network) networkChanges.total += 1;
      if (traced.network && finding) networkChanges.exceptions += 1;
      if (finding) yield finding;
    }
  }

  const failuresSpool = scratch.spool<ControlFailure>('failures');
  async function* runFailureFindings(): AsyncIterable<Finding> {
    for await (const run of store.reporting.failedRuns(tenant, period)) {
      if (!scoped.has(run.node)) continue;
      const end = run.endedAt ?? run.startedAt;
      const failure: ControlFailure = {
        id: stableId('CF', run.id),
        kind: 'run_failure',
        node: run.node,
        start: run.startedAt,
        end,
        durationMs: Date.parse(end) - Date.parse(run.startedAt),
        cause: `run ${run.id} ended with status ${run.status} (${run.counts.failed} failed resource(s))`,
        changesDuringGap: 0,
        resumedAt: null,
      };
      await failuresSpool.append(failure);
      yield failureFinding(failure);
    }
  }
  const gapFailures = gapNodes.map((node): ControlFailure => {
    const resumed = Date.parse(node.longestGapUntil) < period.until.getTime();
    return {
      id: stableId('CF', node.node, node.longestGapFrom),
      kind: 'node_stopped_reporting',
      node: node.node,
      start: node.longestGapFrom,
      end: node.longestGapUntil,
      durationMs: Date.parse(node.longestGapUntil) - Date.parse(node.longestGapFrom),
      cause: `no successful run for ${node.longestGapDays} days (allowed: ${params.maxGapDays})`,
      changesDuringGap: 0,
      resumedAt: resumed ? node.longestGapUntil : null,
    };
  });

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
  const heldFindings = [
    ...gapFailures.map(failureFinding),
    ...authGroups.map(authFinding),
    ...(unattributed > 0 ? [unattributedAuthFinding(unattributed, period.from.toISOString())] : []),
    ...(firstBroken ? [auditChainFinding(firstBroken, now.toISOString())] : []),
  ].sort(registerOrder);
  const findingsSpool = scratch.spool<Finding>('findings');
  const citations = new Map<string, string[]>();
  for await (const finding of registerInOrder([changeFindings(), runFailureFindings(), heldFindings])) {
    await findingsSpool.append(finding);
    for (const tag of finding.tags.split(' ')) {
      const ids = citations.get(tag);
      if (ids) ids.push(finding.id);
      else citations.set(tag, [finding.id]);
    }
  }
  for (const failure of gapFailures) await failuresSpool.append({ ...failure, changesDuringGap: changesDuringGap.get(failure.node) ?? 0 });

  const delays = entries.map((e) => e.maxReportDelayMs).filter((d): d is number => d !== undefined);
  const reporting = nodes.filter((n) => n.reported).length;
  const evidence: Evidence<true> = {
    population: {
      nodes,
      inventory: nodes.length,
      reporting,
      coveragePct: nodes.length === 0 ? 0 : (reporting / nodes.length) * 100,
      gapExceptions: gapNodes.length,
      maxGapDays: params.maxGapDays,
    },
    changes: await changesSpool.finish(),
    changeCounts,
    networkChanges,
    daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day)),
    runs: {
      total: nodes.reduce((sum, n) => sum + n.runs, 0),
      successful: nodes.reduce((sum, n) => sum + n.successfulRuns, 0),
      failed: nodes.reduce((sum, n) => sum + n.failedRuns, 0),
    },
    failures: await failuresSpool.finish(),
    auth: { groups: authGroups, attributed: authGroups.reduce((sum, g) => sum + g.count, 0), unattributed },
    credentialChanges: countOf((action, outcome) => (action === 'token.create' || action === 'token.revoke') && outcome === 'success'),
    planDecisions: countOf((action, outcome) => ['plan.approve', 'plan.reject', 'plan.revoke'].includes(action) && outcome === 'success'),
    auditChain: { ok: verification.ok, checked: verification.checked, headSeq: verification.head?.seq ?? null, headHash: verification.head?.hash ?? null, firstBroken, checkedAt: now.toISOString() },
    findings: await findingsSpool.finish(),
    retention: { runsDays: ctx.retention.runsDays, reportsDays: ctx.retention.reportsDays, meetsPci1051: ctx.retention.runsDays >= PCI_MIN_RETENTION_DAYS },
    timeSync: { maxReportDelayMs: delays.length ? Math.max(...delays) : null },
  };
  return { evidence, citations };
}

/** The register's order: by detection time, then id. */
const registerOrder = (a: Finding, b: Finding) => a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id);

/** Merges sources that are each in detection-time order into the register's order: findings
 *  detected at the same instant are gathered from every source and sorted by id. */
async function* registerInOrder(sources: (AsyncIterable<Finding> | Iterable<Finding>)[]): AsyncIterable<Finding> {
  const iterators = sources.map((s) => (Symbol.asyncIterator in s ? s[Symbol.asyncIterator]() : s[Symbol.iterator]()));
  const heads = await Promise.all(iterators.map((it) => it.next()));
  for (;;) {
    let at: string | undefined;
    for (const head of heads) if (!head.done && (at === undefined || head.value.detectedAt.localeCompare(at) < 0)) at = head.value.detectedAt;
    if (at === undefined) return;
    const instant: Finding[] = [];
    for (let i = 0; i < iterators.length; i++) {
      while (!heads[i]!.done && heads[i]!.value.detectedAt === at) {
        instant.push(heads[i]!.value);
        heads[i] = await iterators[i]!.next();
      }
    }
    yield* instant.sort(registerOrder);
  }
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
