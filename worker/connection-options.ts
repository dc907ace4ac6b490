/**
 * How to reach the Temporal service, from the configuration: plain gRPC to a local dev server, TLS with
 * an API key or an mTLS certificate pair for Temporal Cloud or a secured cluster. Shared by the worker's
 * `NativeConnection` and the CLI's `Connection`, which take the same shape.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type Config } from './config';

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

export function temporalConnectionOptions(config: Config): TemporalConnectionOptions {
  const { address, apiKey, tlsCertPair, tls } = config.temporal;
  if (!tls) return { address };
  const options: TemporalConnectionOptions = { address, tls: true, apiKey };
  if (tlsCertPair) {
    options.tls = {
      clientCertPair: {
        crt: readConfiguredFile('TEMPORAL_TLS_CERT', tlsCertPair.certPath),
        key: readConfiguredFile('TEMPORAL_TLS_KEY', tlsCertPair.keyPath),
      },
    };
  }
  return options;
}

function readConfiguredFile(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError([{ variable, message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): point it at a readable PEM file` }]);
  }
}
