// Roles and what each may do. A token carries exactly one role, scoped to one tenant.
export const ROLES = ['ingest', 'viewer', 'auditor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'ingest', // post run reports
  'read', // runs, nodes, changes
  'audit:read', // the audit log and its verification
  'plans:write', // file, edit and submit planned changes
  'plans:approve', // approve, reject and revoke them (never one's own)
  'silences:write', // create and expire alert silences (issue 4)
  'admin', // tokens, sinks, retention
  'routes:write', // replace or reset the alert routing tree (issue 4)
  'reports', // generate and download signed reports (issue 5)
  'reports:schedule', // create, change and delete report schedules through the API (issue 5)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  ingest: ['ingest'],
  viewer: ['read'],
  auditor: ['read', 'audit:read', 'reports'],
  approver: ['read', 'plans:write', 'plans:approve', 'silences:write', 'reports:schedule'],
  admin: ['ingest', 'read', 'audit:read', 'plans:write', 'plans:approve', 'silences:write', 'admin', 'routes:write', 'reports', 'reports:schedule'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Who did something: a token or a user account (web UI) acting within one tenant. Ids are
 *  unique across both kinds (tok_…, usr_…), so four eyes can compare them. */
export interface Principal {
  kind: 'token' | 'user';
  id: string;
  tenant: string;
  role: Role;
  name: string;
}

/** The principal used for actions RunLedger takes on its own (retention, verification). */
export const SYSTEM_ACTOR = 'system';
export const CLI_ACTOR = 'cli';
