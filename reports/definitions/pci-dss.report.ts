// PCI DSS v4.0.1 change-control and integrity report: population, control summary, every
// change traced to its approval, exceptions register, monitoring failures, integrity and
// retention statements, sign-off. It presents evidence; it never states compliance.
import { PCI } from '../controls.ts';
import type { ControlSpec } from '../evidence/control-row.ts';
import { evidenceReport } from '../evidence/evidence-model.ts';

const CONTROLS: readonly ControlSpec[] = [
  { requirement: '1.2.2', title: 'Changes to network security controls are approved and managed per 6.5.1', evidence: 'Changes to network security control resources, traced to plans', count: (e) => e.networkChanges.total },
  { requirement: '2.2.1', title: 'Configuration standards are implemented and maintained', evidence: 'Successful runs enforcing the configuration code', count: (e) => e.runs.successful },
  { requirement: '6.5.1', title: 'Changes follow the change-control procedure (approval, window, reason)', evidence: 'Changes matched to an approved plan', count: (e) => e.changeCounts.planned },
  { requirement: '10.2.1', title: 'Audit logs are enabled and active on all in-scope components', evidence: 'In-scope nodes that reported in the period', count: (e) => e.population.reporting },
  { requirement: '10.2.1.2', title: 'Administrative actions are logged', evidence: 'Applied changes and plan decisions recorded', count: (e) => e.changes.length + e.planDecisions },
  { requirement: '10.2.1.4', title: 'Invalid logical access attempts are logged', evidence: 'Failed authentications recorded in the audit log', count: (e) => e.auth.attributed + e.auth.unattributed },
  { requirement: '10.2.1.5', title: 'Changes to credentials are logged', evidence: 'API token creations and revocations', count: (e) => e.credentialChanges },
  { requirement: '10.3.4', title: 'Change detection on audit logs', evidence: 'Audit log entries verified in the hash chain', count: (e) => e.auditChain.checked },
  { requirement: '10.4.1', title: 'Security events are reviewed at least daily', evidence: 'Security events listed for review in the exceptions register', count: (e) => e.findings.length },
  { requirement: '10.4.3', title: 'Exceptions and anomalies found in review are addressed', evidence: 'Register entries with disposition fields', count: (e) => e.findings.length },
  { requirement: '10.5.1', title: 'Audit log history is retained for at least 12 months', evidence: 'Configured run retention in days', count: (e) => e.retention.runsDays },
  { requirement: '10.7.2', title: 'Failures of critical security control systems are detected', evidence: 'Failed runs and silent periods detected', count: (e) => e.failures.length },
  { requirement: '10.7.3', title: 'Failures of critical security control systems are responded to', evidence: 'Failure entries with start, end, cause and changes during the gap', count: (e) => e.failures.length },
  { requirement: '11.5.2', title: 'Change detection alerts on unauthorized modification; weekly comparison', evidence: 'Successful comparisons (runs) of managed resources', count: (e) => e.runs.successful },
  { requirement: '12.5.1', title: 'Inventory of in-scope system components is kept current', evidence: 'Nodes in the inventory for the period', count: (e) => e.population.inventory },
];

export const pciDssReport = evidenceReport({
  id: 'pci-dss',
  title: 'PCI DSS v4.0.1 change-control and integrity evidence',
  framework: { name: 'PCI DSS', version: '4.0.1' },
  frameworkTag: PCI,
  controls: CONTROLS,
});
