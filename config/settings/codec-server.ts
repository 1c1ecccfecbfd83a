import { defineSettings } from '../setting';

export const CODEC_SERVER_SETTINGS = defineSettings({
  CODEC_SERVER_AUTH_TOKEN: {
    kind: 'secret',
    fileVariant: true,
    docDefault: 'required',
    description: 'the bearer token (16+ URL-safe characters, e.g. `openssl rand -hex 24`)',
    processes: ['codec-server'],
  },
  CODEC_SERVER_HOST: {
    kind: 'string',
    default: '127.0.0.1',
    description: 'where it listens',
    processes: ['codec-server'],
  },
  CODEC_SERVER_PORT: { kind: 'port', default: 8888, description: 'where it listens', processes: ['codec-server'] },
  CODEC_SERVER_UI_ORIGINS: {
    kind: 'list',
    default: ['http://localhost:8233'],
    description: 'comma-separated Web UI origins allowed by CORS',
    processes: ['codec-server'],
  },
  CODEC_SERVER_TOKEN_IN_PATH: {
    kind: 'bool',
    default: false,
    description: '`true`: also accept the token as the path segment before `/decode`',
    processes: ['codec-server'],
  },
});
