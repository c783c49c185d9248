import { loadConfig } from './config';
import { createHandler } from './handler';

/** The Lambda entry point: configuration from the environment, everything made once per container. */
export const handler = createHandler(loadConfig());
