/** Signing in to the staff dashboard through its form, as a browser does, for tests that call it with `inject`. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export function cookiesOf(
  response: LightMyRequestResponse,
  jar: Record<string, string> = {},
): Record<string, string> {
  for (const set of response.cookies as Array<{ name: string; value: string }>) jar[set.name] = set.value;
  return jar;
}

export const csrfIn = (body: string): string => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

/** Opens the sign-in form and posts the password with its token: the answer, and the cookie jar after it. */
export async function signInThroughForm(
  app: FastifyInstance,
  password: string,
): Promise<{ response: LightMyRequestResponse; jar: Record<string, string> }> {
  const form = await app.inject({ method: 'GET', url: '/staff/login' });
  const jar = cookiesOf(form);
  const response = await app.inject({
    method: 'POST',
    url: '/staff/login',
    cookies: jar,
    payload: { password, _csrf: csrfIn(form.body) },
  });
  return { response, jar: cookiesOf(response, jar) };
}

/** A signed-in session's cookie jar; a refused sign-in fails the test here. */
export async function staffSession(app: FastifyInstance, password: string): Promise<Record<string, string>> {
  const { response, jar } = await signInThroughForm(app, password);
  if (response.statusCode !== 303) throw new Error(`sign-in refused (${response.statusCode}): ${response.body}`);
  return jar;
}
