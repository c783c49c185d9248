import { loadProjectorConfig } from './config';
import { createProjectorHandler } from './projectorHandler';

/** The stream projector's entry point: configuration from the environment, everything made once per container. */
export const handler = createProjectorHandler(loadProjectorConfig());
