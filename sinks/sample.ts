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
