import mapView from '../../web/src/gql/persisted-documents.json';
import type { TrustedDocumentManifest } from './trustedDocuments';

/**
 * The documents the API trusts: each frontend's manifest from graphql-codegen's client preset, bundled with the
 * Lambda so a deploy carries the documents its clients were built with. Add a team's manifest here.
 */
export const TRUSTED_DOCUMENT_MANIFESTS: TrustedDocumentManifest[] = [mapView];
