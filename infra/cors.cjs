// CORS for the HTTP API, resolved at deploy (serverless.yml: ${file(infra/cors.cjs):cors}). API Gateway answers
// preflights itself and adds these headers to every response; the Lambda never sees an OPTIONS request.
// ALLOWED_ORIGINS is a comma list of exact origins (https://app.example.com). A production stage refuses an empty
// list and a wildcard: a deploy that would let any site call the API with its users' tokens fails instead.

/** The stages that run as production (src/config.ts holds the same list for the Lambda). */
const PRODUCTION_STAGES = ['prod', 'production'];

/** LOCAL DEVELOPMENT DEFAULT: any port on localhost (serverless-offline matches the wildcard); prod refuses it. */
const LOCAL_ORIGINS = ['http://localhost:*'];

/** Any other deployed stage without ALLOWED_ORIGINS: the map view run by `npm start`. */
const DEVELOPMENT_ORIGINS = ['http://localhost:3000'];

/** The httpApi.cors block for a stage, from the ALLOWED_ORIGINS text; throws what a deploy must not go on with. */
function corsFor(stage, allowedOriginsText) {
  const listed = (allowedOriginsText ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  const problems = [];
  for (const origin of listed) {
    if (origin.includes('*')) problems.push(`"${origin}" is a wildcard; list exact origins`);
    else if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`"${origin}" is not an origin (scheme://host[:port], no path)`);
  }
  if (PRODUCTION_STAGES.includes(stage) && listed.length === 0) {
    problems.push('ALLOWED_ORIGINS is empty: name the origins of the frontends that call this API');
  }
  if (problems.length > 0) throw new Error(`Refusing the CORS settings of stage ${stage}: ${problems.join('; ')}`);
  const fallback = stage === 'local' ? LOCAL_ORIGINS : PRODUCTION_STAGES.includes(stage) ? [] : DEVELOPMENT_ORIGINS;
  return {
    allowedOrigins: stage === 'local' ? [...LOCAL_ORIGINS, ...listed] : listed.length > 0 ? listed : fallback,
    allowedMethods: ['GET', 'POST', 'OPTIONS'],
    // apollo-require-preflight: what Apollo's CSRF prevention asks of a GET without a JSON content type.
    allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight'],
    // Browsers cap it (Chromium at 2 hours); an hour saves a preflight per request without pinning a change long.
    maxAge: 3600,
  };
}

module.exports = {
  corsFor,
  cors: async ({ resolveVariable }) => corsFor(await resolveVariable('sls:stage'), process.env.ALLOWED_ORIGINS),
};
