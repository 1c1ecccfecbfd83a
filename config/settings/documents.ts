import { defineSettings } from '../setting';

/** Documents put into Box for signing (documents/): by the API's POST /v1/documents and the CLI's start --file. */
export const DOCUMENT_SETTINGS = defineSettings({
  DOCUMENT_MAX_BYTES: {
    kind: 'int',
    default: 500 * 1024 * 1024,
    min: 1,
    max: 5 * 1024 * 1024 * 1024,
    description:
      'largest document uploaded to Box (`413` past it); above 50 MB uploads go through chunked upload sessions',
    processes: ['api', 'cli'],
  },
});
