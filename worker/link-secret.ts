/**
 * The secret that signs participants' links, shared by the worker (which writes links into emails) and
 * the web service (which checks them). JSRX_LINK_SECRET wins; else a secret generated on first start into
 * `<data folder>/link-secret`, readable by its owner only. Several machines must share one secret: set
 * the variable there. Rotating it (README, "Web") invalidates every link already emailed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

export function resolveLinkSecret(config: Pick<Config, 'linkSecret' | 'linkSecretFile'>): string {
  if (config.linkSecret) return config.linkSecret;
  return secretInFile(config.linkSecretFile, 'JSRX_LINK_SECRET');
}

/** A secret kept in `file`, generated there (owner-only) the first time it is asked for. */
export function secretInFile(file: string, variable: string): string {
  const existing = readSecretFile(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // `wx`: a worker and the web service starting together must not write two different secrets.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const written = readSecretFile(file);
  if (!written)
    throw new Error(
      `${file} is empty: delete it to have a new secret generated, or set ${variable}`,
    );
  return written;
}

function readSecretFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
