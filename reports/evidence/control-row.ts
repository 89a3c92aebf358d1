// One row of a control summary: the requirement, what the evidence is, how much of it there
// is, and how many register entries cite the requirement. Never a verdict: the assessor decides.
import { tag } from '../controls.ts';
import type { Evidence } from './evidence.types.ts';

export interface ControlRow {
  requirement: string;
  tag: string;
  title: string;
  evidence: string;
  evidenceCount: number;
  exceptionCount: number;
  exceptionIds: string;
}

export interface ControlSpec {
  requirement: string;
  title: string;
  evidence: string;
  count(evidence: Evidence<boolean>): number;
}

/** `citations`: the ids of the register entries citing each control tag, in register order. */
export function controlRows(framework: string, specs: readonly ControlSpec[], evidence: Evidence<boolean>, citations: ReadonlyMap<string, readonly string[]>): ControlRow[] {
  return specs.map((spec) => {
    const controlTag = tag(framework, spec.requirement);
    const cited = citations.get(controlTag) ?? [];
    return {
      requirement: spec.requirement,
      tag: controlTag,
      title: spec.title,
      evidence: spec.evidence,
      evidenceCount: spec.count(evidence),
      exceptionCount: cited.length,
      exceptionIds: cited.join(' '),
    };
  });
}
