// Signs in to the web UI over plain HTTP (no browser): the session cookie and CSRF token.
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Opens the sign-in page: the session cookie and the form's CSRF token. */
export async function visitSignIn(url: string): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const response = await fetch(`${url}/ui/sign-in`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
  return { cookie: setCookie.split(';')[0]!, csrf, setCookie };
}

export async function signInWithToken(url: string, token: string, next = '/ui/'): Promise<{ response: Response; cookie: string }> {
  const { cookie, csrf } = await visitSignIn(url);
  const response = await fetch(`${url}/ui/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, cookie },
    body: new URLSearchParams({ _csrf: csrf, method: 'token', token, next }),
  });
  return { response, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]! };
}

/** A UI page fetched with a session cookie. */
export async function uiGet(url: string, path: string, cookie: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${url}${path}`, { headers: { cookie } });
  return { status: response.status, html: await response.text() };
}

/** Posts a UI form with the session's CSRF token (read from the overview), without following redirects. */
export async function uiPost(url: string, path: string, fields: Record<string, string>, cookie: string) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await uiGet(url, '/ui/', cookie)).html)![1]!;
  const response = await fetch(`${url}${path}`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie }, body: new URLSearchParams({ _csrf: csrf, ...fields }) });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** An href as Handlebars escaped it, as written. */
export const unescapeHref = (href: string) => href.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

/** The "Next page" link of a page, as a path. */
export const nextPagePath = (html: string) => {
  const href = /href="([^"]+)" rel="next"/.exec(html)?.[1];
  return href === undefined ? undefined : unescapeHref(href);
};

/** The status and RL_ code of an HTML error page. */
export const errorOf = (result: { status: number; html: string }) => ({ status: result.status, code: /<code>(RL_[A-Z_]+)<\/code>/.exec(result.html)?.[1] });
