import { describe, expect, it } from 'vitest';
import type { Classification } from '../../core/classification.ts';
import { buildRun } from '../../test/helpers/run-builder.ts';
import type { IngestedRun } from '../../store/types.ts';
import { deriveAlerts, diffExcerpt } from './derive.ts';

function classified(run: IngestedRun, ...classes: Classification[]): IngestedRun {
  return { ...run, classifications: classes.map((classification) => ({ classification, reason: 'test' })) };
}

describe('deriveAlerts', () => {
  const options = { publicUrl: 'https://rl.example.com/', kinds: {} };

  it('raises run_failed for a failed run, with its failed resources and a link to the run', () => {
    const run = buildRun({ status: 'failure', environment: 'production', startedAt: '2026-12-01T08:00:00.000Z', resources: [{ type: 'Exec', title: 'migrate', status: 'failed', error: { message: 'returned 1' } }] });
    const events = deriveAlerts([run], options);
    expect(events.map((e) => e.type)).toEqual(['resolve', 'fire']);
    expect(events[1]).toEqual({
      type: 'fire',
      candidate: {
        tenant: 'acme',
        dedupKey: 'acme/web01/run_failed',
        kind: 'run_failed',
        severity: 'critical',
        node: 'web01',
        environment: 'production',
        summary: 'Run failed on web01: Exec[migrate]',
        changes: [{ resource: 'Exec[migrate]', classification: 'failed', message: 'returned 1' }],
        link: `https://rl.example.com/api/v1/runs/${run.id}`,
        at: '2026-12-01T08:00:00.000Z',
        labels: { tenant: 'acme', kind: 'run_failed', severity: 'critical', node: 'web01', environment: 'production' },
      },
    });
  });

  it('ends the node\'s run_failed and node_missing alerts with a clean run', () => {
    const events = deriveAlerts([buildRun({ startedAt: '2026-12-01T09:00:00.000Z' })], options);
    expect(events).toEqual([
      { type: 'resolve', resolution: { tenant: 'acme', dedupKey: 'acme/web01/node_missing', at: '2026-12-01T09:00:00.000Z' } },
      { type: 'resolve', resolution: { tenant: 'acme', dedupKey: 'acme/web01/run_failed', at: '2026-12-01T09:00:00.000Z' } },
    ]);
  });

  it('raises one alert per change class, listing its changes with a diff excerpt', () => {
    const run = classified(
      buildRun({ resources: [{ title: '/etc/a', diff: '--- a\n+++ b\n-x\n+y\n' }, { title: '/etc/b' }, { title: '/etc/c', status: 'corrective', corrective: true }] }),
      'unplanned',
      'unplanned',
      'corrective',
    );
    const fired = deriveAlerts([run], options).flatMap((e) => (e.type === 'fire' ? [e.candidate] : []));
    expect(fired.map((c) => [c.kind, c.severity, c.summary])).toEqual([
      ['unplanned_change', 'warning', 'Unplanned change on web01: File[/etc/a] and 1 more'],
      ['corrective_change', 'info', 'Hand edit reverted on web01: File[/etc/c]'],
    ]);
    expect(fired[0]!.changes[0]).toEqual({ resource: 'File[/etc/a]', classification: 'unplanned', diffExcerpt: '-x\n+y' });
  });

  it('leaves out kinds switched off in config and applies configured severities', () => {
    const run = classified(buildRun({ status: 'failure', resources: [{ title: '/etc/a' }] }), 'out_of_window');
    const kinds = { run_failed: { enabled: false }, out_of_window_change: { enabled: true, severity: 'critical' as const } };
    const fired = deriveAlerts([run], { kinds }).flatMap((e) => (e.type === 'fire' ? [e.candidate] : []));
    expect(fired.map((c) => [c.kind, c.severity, c.link])).toEqual([['out_of_window_change', 'critical', undefined]]);
  });

  it('cuts long diffs after twelve lines', () => {
    const diff = Array.from({ length: 20 }, (_, i) => `+line ${i}`).join('\n');
    expect(diffExcerpt(diff)!.split('\n')).toEqual([...Array.from({ length: 12 }, (_, i) => `+line ${i}`), '…']);
  });
});
