import { BlockList, isIP } from 'node:net';

/**
 * Addresses a callback may never reach: everything that is not unicast on the public internet. Node's BlockList
 * matches each IPv4 subnet against the IPv4-mapped form of an address too (`::ffff:127.0.0.1`, `::ffff:7f00:1`),
 * which is the same socket address; no `::ffff:0:0/96` rule, since BlockList would then match every IPv4 address
 * against it. The other IPv6 forms that carry an IPv4 address inside (compatible, NAT64, 6to4, Teredo) are refused
 * whole: the gateway that unwraps them could reach anything.
 */
const IPV4_NON_PUBLIC = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const;

const IPV6_NON_PUBLIC = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64, well-known prefix
  ['64:ff9b:1::', 48], // NAT64, local use
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed inside some networks)
  ['ff00::', 8], // multicast
] as const;

export const NON_PUBLIC_RANGES = { ipv4: IPV4_NON_PUBLIC, ipv6: IPV6_NON_PUBLIC } as const;

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of IPV4_NON_PUBLIC) NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_NON_PUBLIC) NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** False for anything that is not an IP address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
