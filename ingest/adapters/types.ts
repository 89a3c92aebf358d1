// An adapter turns one agent's wire format into RunLedger's canonical shapes. Adapters are
// pure: no clock, no I/O, so each is tested against recorded payloads alone.
import type { z } from 'zod';
import type { RunReport, Source } from '../../core/run-report.ts';
import type { NodeEvent } from '../../store/types.ts';

export interface AdapterContext {
  tenant: string;
  /** ISO time the request arrived; the time of node events. */
  receivedAt: string;
}

/** What one message becomes: a finished run, or a sign of life (Chef run_start, node_ping). */
export type AdapterOutput = { kind: 'run'; report: RunReport } | { kind: 'node_event'; event: NodeEvent };

export interface Adapter<W = unknown> {
  source: Source;
  /** Names the format in error messages: "not a Puppet run report". */
  description: string;
  wire: z.ZodType<W>;
  /** Refuses, before validation, a message the adapter recognises but does not take. */
  screen?(document: unknown): void;
  adapt(wire: W, ctx: AdapterContext): AdapterOutput;
}

export type AdapterName = 'puppet' | 'chef' | 'generic';
