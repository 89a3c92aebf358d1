// The shapes every report shares: a definition collects a model from the Store (every number
// is computed there), renderers turn the model into files, signing seals them.
import type { EChartsOption } from 'echarts';
import type { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../store/types.ts';
import type { Rows, Scratch } from './row-stream.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a definition may read while collecting: the Store, and settings a report states. */
export interface CollectContext {
  store: Store;
  tenant: string;
  clock: Clock;
  retention: { runsDays: number; reportsDays: number };
  productVersion: string;
}

/** Cover data every report carries, so an auditor can regenerate it. */
export interface ReportMeta {
  definition: string;
  title: string;
  framework?: { name: string; version: string };
  tenant: string;
  period: { from: string; until: string };
  generatedAt: string;
  /** The exact, validated parameters: POST them again to regenerate the report. */
  params: Record<string, unknown>;
  productVersion: string;
  templateVersion: string;
}

export interface ReportModel {
  meta: ReportMeta;
  [section: string]: unknown;
}

export type Cell = string | number | boolean | null;

/** One CSV file: a flat view of a model section. */
export interface ReportTable {
  name: string;
  rows: Rows<Record<string, Cell>>;
}

export interface ReportChart {
  title: string;
  option: EChartsOption;
}

/** `M` is the whole model in memory; `S` the same model with its long lists as RowStreams,
 *  for definitions whose lists grow with the fleet (`stream`). Renderers take either. */
export interface ReportDefinition<P = unknown, M extends ReportModel = ReportModel, S extends ReportModel = M> {
  id: string;
  title: string;
  params: z.ZodType<P>;
  /** Handlebars template id under reports/templates (or the user template directory). */
  template: string;
  templateVersion: string;
  collect(ctx: CollectContext, params: P): Promise<M>;
  /** Reads the Store once, spooling the long lists to `scratch`; generation uses it when present.
   *  `onProgress` hears how much of the read is done (0–1) now and then. */
  stream?(ctx: CollectContext, params: P, scratch: Scratch, onProgress?: (done: number) => Promise<void>): Promise<S>;
  tables(model: M | S): ReportTable[];
  charts(model: M | S): ReportChart[];
  /** Entries in the report's exceptions register (0 for reports without one). */
  findingCount(model: M | S): number;
}

/** A file of a generated report, written to the archive; its SHA-256 was taken as it was written. */
export interface RenderedFile {
  name: string;
  contentType: string;
  sha256: string;
  bytes: number;
}
