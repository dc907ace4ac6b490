/**
 * The participant's link token: a round, a delegation and a participant, signed with HMAC-SHA-256, so a
 * participant needs no account and nobody can write a link to someone else's page. The token is the
 * only credential: whoever holds the link acts as that participant, as with any emailed sign-in link.
 *
 *   <base64url(JSON payload)>.<base64url(HMAC-SHA-256(secret, payload part))>
 *
 * Validity ends 30 days after the round ends. Emailed links do not carry a date of their own: the web
 * service reads the round's end from the round itself at every visit, so a reschedule that moves the end
 * moves the links' end with it. A token may also carry `x`, an expiry of its own (seconds since the epoch).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  roundId: string;
  /** The delegation's country code. */
  delegation: string;
  /** The participant's email, lower case. */
  email: string;
  /** An expiry of the token's own (ISO instant), on top of the round's. */
  expiresAt?: string;
}

interface Payload {
  v: 1;
  r: string;
  d: string;
  e: string;
  x?: number;
}

export function signLinkToken(secret: string, claims: LinkClaims): string {
  const payload: Payload = {
    v: 1,
    r: claims.roundId,
    d: claims.delegation.toUpperCase(),
    e: claims.email.toLowerCase(),
  };
  if (claims.expiresAt) payload.x = Math.floor(Date.parse(claims.expiresAt) / 1000);
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The claims of a token signed with `secret`, or undefined for anything else (forged, altered, malformed). */
export function readLinkToken(secret: string, token: string): LinkClaims | undefined {
  const match = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, body = '', signature = ''] = match;
  const expected = Buffer.from(mac(secret, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    return undefined;
  }
  if (
    payload.v !== 1 ||
    typeof payload.r !== 'string' ||
    typeof payload.d !== 'string' ||
    typeof payload.e !== 'string'
  )
    return undefined;
  return {
    roundId: payload.r,
    delegation: payload.d,
    email: payload.e,
    ...(typeof payload.x === 'number' ? { expiresAt: new Date(payload.x * 1000).toISOString() } : {}),
  };
}

/** How long a link stays valid after its round ends (DESIGN.md §8). */
export const LINK_GRACE_DAYS = 30;

export function linkExpiry(roundEndsAt: string): string {
  return new Date(Date.parse(roundEndsAt) + LINK_GRACE_DAYS * 86_400_000).toISOString();
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
