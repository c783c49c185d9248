import { loadWebhooksConfig } from './config';
import { createDispatcherHandler, createPublisherHandler } from './webhooksHandler';

/** The webhook functions' entry point (no Apollo, no graphql): configuration from the environment, made once. */
const config = loadWebhooksConfig();
export const publish = createPublisherHandler(config);
export const dispatch = createDispatcherHandler(config);
