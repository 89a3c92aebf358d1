// What a UI page module is: its routes, and optionally an entry in the navigation. Adding a
// page = one module in pages/, one template in templates/, one line in pages/index.ts.
import type { FastifyInstance } from 'fastify';
import type { AlertRoutingService } from '../core/alert-routing-service.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Metrics } from '../core/metrics.ts';
import type { PlanService } from '../core/plan-service.ts';
import type { ScheduleService } from '../reports/schedule-service.ts';
import type { ReportService } from '../reports/service.ts';
import type { Permission } from '../core/roles.ts';
import type { SilenceService } from '../core/silence-service.ts';
import type { Store } from '../store/types.ts';

export interface UiDeps {
  config: Config;
  store: Store;
  plans: PlanService;
  /** The same silence service as the JSON API. */
  silences: SilenceService;
  /** The routing tree in effect, as the JSON API reads it. */
  routing: AlertRoutingService;
  /** The same report service as the JSON API (generation, audited downloads, verification). */
  reports: ReportService;
  /** The same report-schedule service as the JSON API. */
  schedules: ScheduleService;
  clock: Clock;
  metrics: Metrics;
}

export interface NavEntry {
  label: string;
  /** Under /ui. */
  path: string;
  /** Shown only to roles that have it. */
  permission: Permission;
}

export interface UiPage {
  nav?: NavEntry;
  routes(app: FastifyInstance, deps: UiDeps): Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** UI routes: what the signed-in role must allow. Without it the route is public (sign-in). */
    page?: Permission;
  }
  interface FastifyReply {
    /** Renders a template inside the layout, as HTML. */
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}

/** A same-site path to go back to after signing in, or the overview. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/ui(\/[^/\\]|$)/.test(next) ? next : '/ui/';
}

/** The current URL with `cursor` replaced: the link to the next keyset page. */
export function nextPageHref(path: string, query: Record<string, unknown>, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (key !== 'cursor' && typeof value === 'string' && value) params.set(key, value);
  params.set('cursor', cursor);
  return `${path}?${params}`;
}
