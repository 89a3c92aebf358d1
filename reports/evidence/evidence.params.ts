// Parameters of the evidence reports (PCI DSS, HIPAA). Stored verbatim in the report so an
// auditor can regenerate it with exactly the same query.
import { z } from 'zod';
import { normalizePeriod, PERIOD, UNTIL_AFTER_FROM } from '../period.ts';

export const EvidenceParams = z
  .strictObject({
    ...PERIOD,
    environments: z.array(z.string().min(1).max(200)).max(100).default([]).describe('In-scope environments; empty: every node'),
    maxGapDays: z.number().int().min(1).max(90).default(7).describe('Longest allowed stretch without a successful run (PCI DSS 11.5.2: weekly)'),
    networkResourceTypes: z
      .array(z.string().min(1).max(200))
      .max(100)
      .default(['firewall', 'firewallchain', 'firewalld_rule', 'firewalld_zone', 'ufw_rule'])
      .describe('Resource types (case-insensitive) that are network security controls (PCI DSS 1.2.2)'),
    networkPaths: z
      .array(z.string().min(1).max(500))
      .max(100)
      .default(['/etc/nftables*', '/etc/nftables/**', '/etc/iptables/**', '/etc/firewalld/**', '/etc/ufw/**'])
      .describe('Globs on managed file paths that are network security control configuration (PCI DSS 1.2.2)'),
  })
  .refine(...UNTIL_AFTER_FROM)
  .transform(normalizePeriod);
export type EvidenceParams = z.output<typeof EvidenceParams>;
