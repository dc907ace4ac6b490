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

/** Opens the sign-in form and posts the password with its token; returns the cookie jar of the session. */
export async function staffSession(app: FastifyInstance, password: string): Promise<Record<string, string>> {
  const form = await app.inject({ method: 'GET', url: '/staff/login' });
  const jar = cookiesOf(form);
  const response = await app.inject({
    method: 'POST',
    url: '/staff/login',
    cookies: jar,
    payload: { password, _csrf: csrfIn(form.body) },
  });
  if (response.statusCode !== 303) throw new Error(`sign-in refused (${response.statusCode}): ${response.body}`);
  return cookiesOf(response, jar);
}
