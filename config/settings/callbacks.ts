import { defineSettings } from '../setting';

/** How callbacks reach business systems: the resolver their hosts go through, and an optional egress proxy. */
export const CALLBACK_SETTINGS = defineSettings({
  BOX_SIGN_CALLBACK_DNS_SERVERS: {
    kind: 'list',
    default: [],
    entryPattern: /^[0-9A-Fa-f:.[\]]+$/,
    rule: 'must be comma-separated IP addresses (with an optional :port)',
    docDefault: "the system's (/etc/resolv.conf)",
    description:
      'DNS servers for callback hosts (in the API where a request enters and in the worker when it connects); ' +
      'hosts in BOX_SIGN_CALLBACK_ALLOW_HOSTS use the system resolver instead',
    processes: ['worker', 'api'],
  },
  BOX_SIGN_CALLBACK_DNS_TIMEOUT_MS: {
    kind: 'int',
    default: 2_000,
    min: 100,
    max: 30_000,
    description: "how long one callback host's look-up may take (each of its 2 tries); then the host does not resolve",
    processes: ['worker', 'api'],
  },
  BOX_SIGN_CALLBACK_PROXY_URL: {
    kind: 'url',
    description:
      'an http(s) proxy every callback goes through; unset (the default): none, whatever HTTP(S)_PROXY say. With a ' +
      "proxy the worker checks the host's addresses before each POST but cannot see what the proxy dials: the " +
      'proxy must refuse internal destinations itself ([callbacks](security.md#callbacks))',
    processes: ['worker'],
  },
});
