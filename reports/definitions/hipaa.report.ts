// HIPAA Security Rule (45 CFR 164 Subpart C) evidence report: the same population, changes
// and findings as the PCI DSS report, organised under the Security Rule's citations. For
// 164.312(c) the configuration of ePHI systems is supporting evidence (config files are not
// ePHI themselves). It presents evidence; it never states compliance.
import { HIPAA } from '../controls.ts';
import type { ControlSpec } from '../evidence/control-row.ts';
import { evidenceReport } from '../evidence/evidence-model.ts';

const CONTROLS: readonly ControlSpec[] = [
  { requirement: '164.308(a)(1)(ii)(D)', title: 'Information system activity review: records of activity are reviewed regularly', evidence: 'Security events listed for review, with disposition fields', count: (e) => e.findings.length },
  { requirement: '164.308(a)(5)(ii)(C)', title: 'Log-in monitoring: log-in attempts are monitored and discrepancies reported', evidence: 'Failed authentications recorded in the audit log', count: (e) => e.auth.attributed + e.auth.unattributed },
  { requirement: '164.312(b)', title: 'Audit controls: activity in systems with ePHI is recorded and examined', evidence: 'Runs recorded from in-scope nodes', count: (e) => e.runs.total },
  { requirement: '164.312(c)(1)', title: 'Integrity: ePHI systems are protected from improper alteration (supporting evidence)', evidence: 'Changes traced to approved plans', count: (e) => e.changeCounts.planned },
  { requirement: '164.312(c)(2)', title: 'Mechanism to authenticate ePHI: alteration is detected (supporting evidence)', evidence: 'Audit log entries verified in the hash chain', count: (e) => e.auditChain.checked },
  { requirement: '164.312(d)', title: 'Person or entity authentication', evidence: 'Failed authentications refused at the API', count: (e) => e.auth.attributed + e.auth.unattributed },
  { requirement: '164.316(b)(2)(i)', title: 'Documentation is retained for 6 years', evidence: 'Configured retention of generated reports in days', count: (e) => e.retention.reportsDays },
];

export const hipaaReport = evidenceReport({
  id: 'hipaa',
  title: 'HIPAA Security Rule activity review and integrity evidence',
  framework: { name: 'HIPAA Security Rule (45 CFR 164 Subpart C)', version: '2013' },
  frameworkTag: HIPAA,
  controls: CONTROLS,
});
