// Which controls each kind of finding is evidence for, with the standard's version in every
// tag (PCI DSS v4 renumbered requirements; a bare "10.6.1" is ambiguous). Primary citations
// from ../shared/research/compliance.md section 5, kept here and nowhere else.
export const PCI = 'pci-dss-4.0.1';
export const HIPAA = 'hipaa';

export const FINDING_KINDS = [
  'unplanned_change',
  'change_outside_window',
  'template_hand_edit',
  'run_failure',
  'node_stopped_reporting',
  'ingest_auth_failure',
  'audit_log_integrity_failure',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type Severity = 'high' | 'medium' | 'low';

interface FindingControls {
  label: string;
  severity: Severity;
  pci: readonly string[];
  hipaa: readonly string[];
}

export const FINDINGS: Record<FindingKind, FindingControls> = {
  unplanned_change: {
    label: 'Unplanned change',
    severity: 'high',
    pci: ['11.5.2', '6.5.1', '10.4.1', '10.4.3', '12.10.5'],
    hipaa: ['164.312(c)(1)', '164.312(b)', '164.308(a)(1)(ii)(D)'],
  },
  change_outside_window: {
    label: 'Change outside its approved window',
    severity: 'medium',
    pci: ['6.5.1', '1.2.2', '10.4.3'],
    hipaa: ['164.308(a)(1)(ii)(D)', '164.312(b)'],
  },
  template_hand_edit: {
    label: 'Managed file edited by hand (reverted by the agent)',
    severity: 'high',
    pci: ['11.5.2', '6.5.1', '12.10.5', '10.2.1.2'],
    hipaa: ['164.312(c)(1)', '164.312(c)(2)', '164.312(b)'],
  },
  run_failure: {
    label: 'Run failed',
    severity: 'medium',
    pci: ['10.7.2', '10.7.3', '10.2.2'],
    hipaa: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  },
  node_stopped_reporting: {
    label: 'Silent period: no successful run for longer than allowed',
    severity: 'high',
    pci: ['10.7.2', '10.7.3', '10.2.1.6', '11.5.2'],
    hipaa: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  },
  ingest_auth_failure: {
    label: 'Failed authentication at the API',
    severity: 'low',
    pci: ['10.2.1.4', '10.2.2', '10.4.1'],
    hipaa: ['164.308(a)(5)(ii)(C)', '164.312(d)', '164.312(b)'],
  },
  audit_log_integrity_failure: {
    label: 'Audit log hash chain broken',
    severity: 'high',
    pci: ['10.3.4', '10.7.2', '10.7.3'],
    hipaa: ['164.312(b)', '164.312(c)(2)'],
  },
};

/** `pci-dss-4.0.1:11.5.2`, `hipaa:164.312(b)`. */
export function tag(framework: string, requirement: string): string {
  return `${framework}:${requirement}`;
}

function findingTags(kind: FindingKind): string[] {
  const { pci, hipaa } = FINDINGS[kind];
  return [...pci.map((r) => tag(PCI, r)), ...hipaa.map((r) => tag(HIPAA, r))];
}

/** The tags of a kind as a register entry lists them; built once per kind (a large register has 10^5 entries). */
export const FINDING_TAGS: Record<FindingKind, string> = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, findingTags(kind).join(' ')])) as Record<FindingKind, string>;
