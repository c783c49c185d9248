export interface HttpApiCors {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  maxAge: number;
}
export declare function corsFor(stage: string, allowedOriginsText: string | undefined): HttpApiCors;
