import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { WebhookEvent } from '../domain/webhookEvents';

/** PutEvents takes at most 10 entries a call. */
const ENTRIES_PER_CALL = 10;

/** The bus entries of events: detail = the Standard Webhooks payload with its id, detail-type = the event type. */
export function busEntries(busName: string, events: WebhookEvent[]): PutEventsRequestEntry[] {
  return events.map((event) => ({
    EventBusName: busName,
    Source: 'lifecycle-map',
    DetailType: event.payload.type,
    // The id travels in the detail: EventBridge gives every entry an id of its own, different on a retry.
    Detail: JSON.stringify({ id: event.id, ...event.payload }),
    Time: new Date(event.payload.timestamp),
    Resources: [],
  }));
}

/** Puts events on the bus; an entry the bus refused fails the call, so the stream batch is retried. */
export function eventBridgeBus(busName: string, region: string) {
  const client = new EventBridgeClient({ region });
  return async (events: WebhookEvent[]): Promise<void> => {
    const entries = busEntries(busName, events);
    for (let i = 0; i < entries.length; i += ENTRIES_PER_CALL) {
      const result = await client.send(new PutEventsCommand({ Entries: entries.slice(i, i + ENTRIES_PER_CALL) }));
      if ((result.FailedEntryCount ?? 0) > 0) {
        const codes = (result.Entries ?? []).map((entry) => entry.ErrorCode).filter((code) => code !== undefined);
        throw new Error(`EventBridge refused ${result.FailedEntryCount} events: ${[...new Set(codes)].join(', ')}`);
      }
    }
  };
}
