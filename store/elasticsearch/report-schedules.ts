// API-created report schedules in the report_schedules collection: one document per (tenant,
// id), written over the version read, as on SQLite.
import type { ReportSchedulesStore, StoredReportSchedule } from '../report-schedules.types.ts';
import { collection, keyedId, putNextVersion } from './collection.ts';
import type { EsContext } from './context.ts';
import { equals, type Query, type Sort } from './query.ts';

interface ScheduleDoc {
  id: string;
  tenant: string;
  version: number;
  schedule: StoredReportSchedule;
}

const BY_TENANT_AND_ID: Sort = [
  { field: 'tenant', order: 'asc', kind: 'string' },
  { field: 'id', order: 'asc', kind: 'string' },
];

const toDoc = (schedule: StoredReportSchedule): ScheduleDoc => ({ id: schedule.id, tenant: schedule.tenant, version: schedule.version, schedule });

export function createReportSchedules(es: EsContext): ReportSchedulesStore {
  const schedules = collection<ScheduleDoc>(es, 'report_schedules');
  const scan = async (filter: Query[]) => {
    const found: StoredReportSchedule[] = [];
    for await (const doc of schedules.scan(filter, BY_TENANT_AND_ID)) found.push(doc.schedule);
    return found;
  };
  return {
    create: (schedule) => schedules.create(keyedId(schedule.tenant, schedule.id), toDoc(schedule)),
    async get(tenant, id) {
      return (await schedules.get(keyedId(tenant, id)))?.doc.schedule;
    },
    list: (tenant) => scan(equals({ tenant })),
    all: () => scan([]),
    update: (schedule) => putNextVersion(schedules, keyedId(schedule.tenant, schedule.id), toDoc(schedule)),
    delete: (tenant, id) => schedules.remove(keyedId(tenant, id)),
  };
}
