// The model both evidence reports (PCI DSS, HIPAA) render: meta, the evidence, the
// framework's control summary and the statements in words; plus its CSV tables and charts.
import { CLASSIFICATIONS } from '../../core/classification.ts';
import { reportMeta } from '../meta.ts';
import { materialise, mapRows, withScratch } from '../row-stream.ts';
import type { CollectContext, ReportChart, ReportDefinition, ReportModel, ReportTable } from '../types.ts';
import { collectEvidence } from './collect-evidence.ts';
import { type ControlRow, type ControlSpec, controlRows } from './control-row.ts';
import { EvidenceParams } from './evidence.params.ts';
import type { Evidence } from './evidence.types.ts';

/** In memory (`EvidenceModel`) or with its changes, failures and findings streamed (`EvidenceModel<true>`). */
export interface EvidenceModel<Streamed extends boolean = false> extends ReportModel {
  evidence: Evidence<Streamed>;
  controls: ControlRow[];
  frameworkTag: string;
}

export function evidenceTables(model: EvidenceModel<boolean>): ReportTable[] {
  const { evidence } = model;
  return [
    { name: 'controls', rows: model.controls.map((c) => ({ ...c })) },
    { name: 'population', rows: evidence.population.nodes.map((n) => ({ ...n })) },
    { name: 'changes', rows: mapRows(evidence.changes, (c) => ({ ...c })) },
    { name: 'exceptions', rows: mapRows(evidence.findings, (f) => ({ ...f })) },
    { name: 'control-failures', rows: mapRows(evidence.failures, (f) => ({ ...f })) },
    { name: 'auth-failures', rows: evidence.auth.groups.map((g) => ({ ...g })) },
  ];
}

export function evidenceCharts(model: EvidenceModel<boolean>): ReportChart[] {
  const days = model.evidence.daily;
  return [
    {
      title: 'Changes per day by classification',
      option: {
        animation: false,
        legend: { top: 0 },
        grid: { left: 40, right: 10, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: days.map((d) => d.day) },
        yAxis: { type: 'value', minInterval: 1 },
        series: CLASSIFICATIONS.filter((c) => c !== 'noop').map((c) => ({ name: c, type: 'bar', stack: 'changes', data: days.map((d) => d[c]) })),
      },
    },
  ];
}

/** An evidence report: the shared evidence, the framework's control summary, template `evidence`. */
export function evidenceReport(spec: { id: string; title: string; framework: { name: string; version: string }; frameworkTag: string; controls: readonly ControlSpec[] }): ReportDefinition<EvidenceParams, EvidenceModel, EvidenceModel<true>> {
  const definition: ReportDefinition<EvidenceParams, EvidenceModel, EvidenceModel<true>> = {
    id: spec.id,
    title: spec.title,
    params: EvidenceParams,
    template: 'evidence',
    templateVersion: '1',
    collect: (ctx: CollectContext, params: EvidenceParams) => withScratch(async (scratch) => materialise(await definition.stream!(ctx, params, scratch))),
    async stream(ctx, params, scratch, onProgress) {
      const { evidence, citations } = await collectEvidence(ctx, params, scratch, onProgress);
      return {
        meta: reportMeta(definition, ctx, params, spec.framework),
        evidence,
        controls: controlRows(spec.frameworkTag, spec.controls, evidence, citations),
        frameworkTag: spec.frameworkTag,
      };
    },
    tables: evidenceTables,
    charts: evidenceCharts,
    findingCount: (model) => model.evidence.findings.length,
  };
  return definition;
}
