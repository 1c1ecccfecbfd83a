import { BlockList, isIP } from 'node:net';

/**
 * Kubernetes NetworkPolicy semantics, small enough to read (networking.k8s.io/v1): a pod selected by no policy of a
 * direction is open in it; once a policy of that direction selects it, only what some selecting policy's rules allow
 * gets through. Enough to ask the rendered manifests "may this pod reach that one on this port?".
 */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol?: string; port?: number | string }[];
}
export interface NetworkPolicy {
  kind: 'NetworkPolicy';
  metadata: { name: string; namespace: string };
  spec: { podSelector: LabelSelector; policyTypes?: ('Ingress' | 'Egress')[]; ingress?: Rule[]; egress?: Rule[] };
}

/** A pod: its namespace (with the label Kubernetes gives every namespace) and its labels. */
export interface Pod {
  namespace: string;
  labels: Record<string, string>;
}
export type Endpoint = Pod | { ip: string };
export interface Flow {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: 'TCP' | 'UDP';
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return (
    byLabels &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      const value = labels[key];
      if (operator === 'In') return value !== undefined && values.includes(value);
      if (operator === 'NotIn') return value === undefined || !values.includes(value);
      if (operator === 'Exists') return value !== undefined;
      return value === undefined;
    })
  );
}

const isPod = (endpoint: Endpoint): endpoint is Pod => 'labels' in endpoint;
const namespaceLabels = (pod: Pod) => ({ 'kubernetes.io/metadata.name': pod.namespace });

function inBlock(ip: string, block: { cidr: string; except?: string[] }): boolean {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  const contains = (cidr: string) => {
    const [network = '', prefix = ''] = cidr.split('/');
    if ((isIP(network) === 6 ? 'ipv6' : 'ipv4') !== family) return false;
    const list = new BlockList();
    list.addSubnet(network, Number(prefix), family);
    return list.check(ip, family);
  };
  return contains(block.cidr) && !(block.except ?? []).some(contains);
}

/** Whether `peer`, written in a policy of `policyNamespace`, matches `endpoint`. */
function peerMatches(peer: Peer, endpoint: Endpoint, policyNamespace: string): boolean {
  if (peer.ipBlock !== undefined) return !isPod(endpoint) && inBlock(endpoint.ip, peer.ipBlock);
  if (!isPod(endpoint)) return false;
  const namespaceOk =
    peer.namespaceSelector === undefined
      ? endpoint.namespace === policyNamespace
      : selects(peer.namespaceSelector, namespaceLabels(endpoint));
  return namespaceOk && (peer.podSelector === undefined || selects(peer.podSelector, endpoint.labels));
}

function ruleAllows(rule: Rule, peers: Peer[] | undefined, other: Endpoint, flow: Flow, namespace: string): boolean {
  const portOk =
    rule.ports === undefined ||
    rule.ports.some((p) => (p.protocol ?? 'TCP') === (flow.protocol ?? 'TCP') && (p.port ?? flow.port) === flow.port);
  return (
    portOk && (peers === undefined || peers.length === 0 || peers.some((peer) => peerMatches(peer, other, namespace)))
  );
}

function directionAllows(policies: NetworkPolicy[], pod: Endpoint, other: Endpoint, flow: Flow, egress: boolean) {
  if (!isPod(pod)) return true; // outside the cluster: not ours to police
  const type = egress ? 'Egress' : 'Ingress';
  const selecting = policies.filter(
    (p) =>
      p.metadata.namespace === pod.namespace &&
      selects(p.spec.podSelector, pod.labels) &&
      (p.spec.policyTypes ?? ['Ingress']).includes(type),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((egress ? p.spec.egress : p.spec.ingress) ?? []).some((rule) =>
      ruleAllows(rule, egress ? rule.to : rule.from, other, flow, p.metadata.namespace),
    ),
  );
}

/** A connection goes through when the source's egress and the destination's ingress both allow it. */
export function allowed(policies: NetworkPolicy[], flow: Flow): boolean {
  return (
    directionAllows(policies, flow.from, flow.to, flow, true) &&
    directionAllows(policies, flow.to, flow.from, flow, false)
  );
}
