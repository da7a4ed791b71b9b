import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import { AppConfig, InvalidConfigError } from '@app/config';

/** TLS options every HTTPS delivery connects with: a client certificate (mutual TLS) and the CAs trusted. */
export interface DeliveryTls {
  cert?: string;
  key?: string;
  /** Set only with DELIVERY_CA_CERT: the system's roots plus the extra CAs (undici would otherwise trust only these). */
  ca?: string[];
}

/**
 * Reads DELIVERY_CLIENT_CERT / DELIVERY_CLIENT_KEY / DELIVERY_CA_CERT once at start. Anything wrong (one of the pair
 * missing, a file unreadable, a key that does not fit its certificate) stops the deliverer with a message naming the
 * variable, instead of every HTTPS delivery failing later. File contents never appear in the message.
 */
export function loadDeliveryTls(config: AppConfig): DeliveryTls {
  const { clientCert, clientKey, ca } = config.deliveryTls;
  if (Boolean(clientCert) !== Boolean(clientKey)) {
    throw new InvalidConfigError('Invalid configuration:\n  - DELIVERY_CLIENT_CERT and DELIVERY_CLIENT_KEY must be set together (or neither)');
  }
  const tls: DeliveryTls = {};
  if (clientCert && clientKey) {
    tls.cert = readPem('DELIVERY_CLIENT_CERT', clientCert, (pem) => new X509Certificate(pem));
    tls.key = readPem('DELIVERY_CLIENT_KEY', clientKey, (pem) => createPrivateKey(pem));
  }
  if (ca) tls.ca = [...rootCertificates, readPem('DELIVERY_CA_CERT', ca, (pem) => new X509Certificate(pem))];
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new InvalidConfigError(`Invalid configuration:\n  - DELIVERY_CLIENT_CERT / DELIVERY_CLIENT_KEY / DELIVERY_CA_CERT are not usable PEM: ${(error as Error).message}`);
  }
  return tls;
}

/** Reads a PEM file and makes sure it parses (TLS itself would silently skip a CA file that is not PEM). */
function readPem(variable: string, path: string, parse: (pem: string) => unknown): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidConfigError(`Invalid configuration:\n  - ${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    parse(pem);
  } catch {
    throw new InvalidConfigError(`Invalid configuration:\n  - ${variable}: ${path} is not usable PEM`);
  }
  return pem;
}
