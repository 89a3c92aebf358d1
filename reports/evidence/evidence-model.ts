// The model both evidence reports (PCI DSS, HIPAA) render: meta, the evidence, the
// framework's control summary and the statements in words; plus its CSV tables and charts.
import { CLASSIFICATIONS } from '../../core/classification.ts';
import { reportMeta } from '../meta.ts';
import type { ReportChart, ReportDefinition, ReportModel, ReportTable } from '../types.ts';
import { collectEvidence } from './collect-evidence.ts';
import { type ControlRow, type ControlSpec, controlRows } from './control-row.ts';
import { EvidenceParams } from './evidence.params.ts';
import type { Evidence } from './evidence.types.ts';

export interface EvidenceModel extends ReportModel {
  evidence: Evidence;
  controls: ControlRow[];
  frameworkTag: string;
}

export function evidenceTables(model: EvidenceModel): ReportTable[] {
  const { evidence } = model;
  return [
    { name: 'controls', rows: model.controls.map((c) => ({ ...c })) },
    { name: 'population', rows: evidence.population.nodes.map((n) => ({ ...n })) },
    { name: 'changes', rows: evidence.changes.map((c) => ({ ...c })) },
    { name: 'exceptions', rows: evidence.findings.map((f) => ({ ...f })) },
    { name: 'control-failures', rows: evidence.failures.map((f) => ({ ...f })) },
    { name: 'auth-failures', rows: evidence.auth.groups.map((g) => ({ ...g })) },
  ];
}

export function evidenceCharts(model: EvidenceModel): ReportChart[] {
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
export function evidenceReport(spec: { id: string; title: string; framework: { name: string; version: string }; frameworkTag: string; controls: readonly ControlSpec[] }): ReportDefinition<EvidenceParams, EvidenceModel> {
  return {
    id: spec.id,
    title: spec.title,
    params: EvidenceParams,
    template: 'evidence',
    templateVersion: '1',
    async collect(ctx, params) {
      const evidence = await collectEvidence(ctx, params);
      return {
        meta: reportMeta(this, ctx, params, spec.framework),
        evidence,
        controls: controlRows(spec.frameworkTag, spec.controls, evidence),
        frameworkTag: spec.frameworkTag,
      };
    },
    tables: evidenceTables,
    charts: evidenceCharts,
    findingCount: (model) => model.evidence.findings.length,
  };
}
