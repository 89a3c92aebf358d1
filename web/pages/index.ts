// Every UI page, in navigation order. A new page is one module, one template and one line here.
import type { UiPage } from '../page.ts';
import { adminPage } from './admin.page.ts';
import { adminReceiversPage } from './admin-receivers.page.ts';
import { alertsPage } from './alerts.page.ts';
import { auditPage } from './audit.page.ts';
import { changesPage } from './changes.page.ts';
import { nodesPage } from './nodes.page.ts';
import { overviewPage } from './overview.page.ts';
import { plansPage } from './plans.page.ts';
import { reportSchedulesPage } from './report-schedules.page.ts';
import { reportsPage } from './reports.page.ts';
import { runsPage } from './runs.page.ts';
import { signInPage } from './sign-in.page.ts';
import { silencesPage } from './silences.page.ts';

export const PAGES: readonly UiPage[] = [signInPage, overviewPage, runsPage, changesPage, nodesPage, plansPage, alertsPage, silencesPage, reportsPage, reportSchedulesPage, auditPage, adminPage, adminReceiversPage];
