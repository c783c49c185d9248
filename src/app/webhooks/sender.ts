import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AttemptResult } from '../../domain/webhookSchedule';
import { refusedAddress, type WebhookUrlPolicy } from '../../domain/webhookUrl';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Sends one attempt; never throws: a refusal, a connection failure or a timeout is an `unreachable` result. */
export type WebhookSender = (request: WebhookRequest) => Promise<AttemptResult>;

/** Answers read past this are dropped: only the status and Retry-After matter. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Resolves the host and refuses it unless every address it resolves to is allowed, and connects to the address
 * it checked: the check is on the address actually dialled, so a name that resolves to a public address when the
 * subscription is made and to an internal one later (DNS rebinding) is refused at delivery time.
 */
export function checkedLookup(policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((entry) => refusedAddress(entry.address, policy)).find((reason) => reason !== null);
      if (refused || addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to ${refused ?? 'no address'}`), { code: 'EREFUSED_ADDRESS' }), '', 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

/** The sender of webhooks over HTTP(S), with the URL policy checked on every resolved address. */
export function httpSender(policy: WebhookUrlPolicy): WebhookSender {
  const lookup = checkedLookup(policy);
  return (request) =>
    new Promise<AttemptResult>((resolve) => {
      const url = new URL(request.url);
      if (!(policy.allowHttp ? ['http:', 'https:'] : ['https:']).includes(url.protocol)) {
        resolve({ kind: 'unreachable', error: `${url.protocol} is not allowed` });
        return;
      }
      // Node dials an address given as the host without asking the lookup: it is checked here instead.
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) !== 0 && refusedAddress(literal, policy) !== null) {
        resolve({ kind: 'unreachable', error: 'EREFUSED_ADDRESS' });
        return;
      }
      const options: RequestOptions = {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
        lookup,
        signal: AbortSignal.timeout(request.timeoutMs),
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(url, options, (answer) => {
        let read = 0;
        answer.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) answer.destroy();
        });
        const done = () =>
          resolve({ kind: 'answered', status: answer.statusCode ?? 0, retryAfter: headerOf(answer.headers['retry-after']) });
        answer.on('end', done);
        answer.on('close', done);
        answer.on('error', done);
      });
      outgoing.on('error', (error: Error & { code?: string }) =>
        resolve({ kind: 'unreachable', error: error.name === 'AbortError' ? `no answer within ${request.timeoutMs} ms` : (error.code ?? error.message) }),
      );
      outgoing.end(request.body);
    });
}

const headerOf = (value: string | string[] | undefined): string | null => (Array.isArray(value) ? (value[0] ?? null) : (value ?? null));
