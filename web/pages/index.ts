// Every UI page, in navigation order. A new page is one module, one template and one line here.
import type { UiPage } from '../page.ts';
import { overviewPage } from './overview.page.ts';
import { signInPage } from './sign-in.page.ts';

export const PAGES: readonly UiPage[] = [signInPage, overviewPage];
