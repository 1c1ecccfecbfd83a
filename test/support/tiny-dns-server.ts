import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

export type RecordType = 'A' | 'AAAA';

/** One question the server was asked. */
export interface DnsQuery {
  name: string;
  type: RecordType | number;
}

/**
 * A real DNS server over UDP on 127.0.0.1 and a free port, for resolvers pointed at it (`setServers`). `answer`
 * decides each reply from the question and how often that name and type were asked before: addresses, `[]` (no
 * records), 'nxdomain', or 'silence' (no reply: the resolver's timeout).
 */
export interface TinyDnsServer {
  /** `127.0.0.1:port`, as `Resolver.setServers` takes it. */
  server: string;
  queries: DnsQuery[];
  answer: (query: DnsQuery, timesAskedBefore: number) => string[] | 'nxdomain' | 'silence';
  stop(): Promise<void>;
}

const TYPES: Record<number, RecordType> = { 1: 'A', 28: 'AAAA' };

export async function startTinyDnsServer(): Promise<TinyDnsServer> {
  const socket = createSocket('udp4');
  const dns: TinyDnsServer = {
    server: '',
    queries: [],
    answer: () => 'nxdomain',
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (message, peer) => {
    const question = parseQuestion(message);
    if (question === null) return;
    const asked = dns.queries.filter((q) => q.name === question.query.name && q.type === question.query.type).length;
    dns.queries.push(question.query);
    const answer = dns.answer(question.query, asked);
    if (answer === 'silence') return;
    socket.send(reply(message, question.end, question.query, answer), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  dns.server = `127.0.0.1:${socket.address().port}`;
  return dns;
}

function parseQuestion(message: Buffer): { query: DnsQuery; end: number } | null {
  if (message.length < 12 || message.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let at = 12;
  while (at < message.length && message[at] !== 0) {
    const length = message[at]!;
    labels.push(message.subarray(at + 1, at + 1 + length).toString('ascii'));
    at += length + 1;
  }
  const end = at + 5;
  if (end > message.length) return null;
  const type = message.readUInt16BE(at + 1);
  return { query: { name: labels.join('.').toLowerCase(), type: TYPES[type] ?? type }, end };
}

function reply(message: Buffer, questionEnd: number, query: DnsQuery, answer: string[] | 'nxdomain'): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(message.readUInt16BE(0), 0);
  const records = answer === 'nxdomain' ? [] : answer.filter((a) => (query.type === 'A') === isIPv4(a));
  header.writeUInt16BE(answer === 'nxdomain' ? 0x8183 : 0x8180, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((address) => {
    const data = isIPv4(address) ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address);
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0);
    record.writeUInt16BE(isIPv4(address) ? 1 : 28, 2);
    record.writeUInt16BE(1, 4);
    record.writeUInt32BE(0, 6);
    record.writeUInt16BE(data.length, 10);
    return Buffer.concat([record, data]);
  });
  return Buffer.concat([header, message.subarray(12, questionEnd), ...answers]);
}

function ipv6Bytes(address: string): Buffer {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4 !== undefined) {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}
