import { loadConfig } from './config';
import { DEFAULT_MAP_ID } from './domain/defaultMap';
import { createHandler } from './handler';

/** The Lambda entry point: configuration from the environment, everything made once per container. */
export const handler = createHandler(loadConfig(), { primeMapIds: [DEFAULT_MAP_ID] });
