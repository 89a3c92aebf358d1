// A realistic notification: what `runledger sink test NAME` sends and what sink tests render.
import type { Notification } from './types.ts';

export function sampleNotification(status: Notification['status'] = 'firing'): Notification {
  return {
    status,
    dedupKey: 'acme/web01.example.com/unplanned_change',
    tenant: 'acme',
    kind: 'unplanned_change',
    severity: 'warning',
    node: 'web01.example.com',
    environment: 'production',
    summary: 'Unplanned change on web01.example.com: File[/etc/nginx/nginx.conf]',
    changes: [
      {
        resource: 'File[/etc/nginx/nginx.conf]',
        classification: 'unplanned',
        message: 'content changed',
        diffExcerpt: '-worker_processes 2;\n+worker_processes 8;',
      },
    ],
    link: 'https://runledger.example.com/runs/r_sample',
    startsAt: '2026-12-01T08:00:00.000Z',
    ...(status === 'resolved' ? { endsAt: '2026-12-01T08:30:00.000Z' } : {}),
    occurrences: 1,
    labels: { tenant: 'acme', environment: 'production', kind: 'unplanned_change', severity: 'warning' },
  };
}

/** A group's message (route groupBy: [environment, kind]): two nodes failing, one recovered. */
export function sampleGroupNotification(): Notification {
  const member = (node: string, status: 'firing' | 'resolved', second: number) => ({
    dedupKey: `acme/${node}/run_failed`,
    status,
    kind: 'run_failed' as const,
    severity: 'critical' as const,
    summary: `Run failed on ${node}: Exec[migrate] returned 1`,
    node,
    environment: 'production',
    link: `https://runledger.example.com/runs/r_${node.split('.')[0]}`,
    startsAt: `2026-12-01T08:00:0${second}.000Z`,
  });
  return {
    status: 'firing',
    dedupKey: 'acme/group/environment=production,kind=run_failed',
    tenant: 'acme',
    kind: 'run_failed',
    severity: 'critical',
    environment: 'production',
    summary: '2 alerts firing, 1 resolved: environment=production, kind=run_failed',
    changes: [],
    startsAt: '2026-12-01T08:00:01.000Z',
    occurrences: 3,
    labels: { tenant: 'acme', environment: 'production', kind: 'run_failed' },
    group: {
      firing: 2,
      resolved: 1,
      alerts: [member('db01.example.com', 'firing', 1), member('db02.example.com', 'firing', 2), member('db03.example.com', 'resolved', 3)],
    },
  };
}
