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
