/**
 * The address a request came from, for the sign-in limits. `next start` copies the
 * client's own `X-Forwarded-For` through unchanged (it sets the header only when it is
 * absent), so the header alone can be rotated by anyone to dodge the limit. The server
 * runtime stamps the socket's peer address on every request as `x-podium-peer`
 * (overwriting any value the client sent), and `X-Forwarded-For` is read only when that
 * peer is one of the configured `TRUSTED_PROXIES`: then the nearest address that is not
 * itself a trusted proxy is the client.
 */
import http from 'node:http';
import net from 'node:net';

export const PEER_HEADER = 'x-podium-peer';

type HeaderBag = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined;
}

const normalize = (a: string) => a.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/** TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (`10.0.0.0/8`, `::1`). */
export function trustedProxyList(spec: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const raw of spec) {
    const [addr, bits] = raw.split('/');
    const a = normalize(addr);
    const type = net.isIPv6(a) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(a, type);
    else list.addSubnet(a, Number(bits), type);
  }
  return list;
}

function isTrusted(list: net.BlockList, address: string): boolean {
  const a = normalize(address);
  if (!net.isIP(a)) return false;
  return list.check(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');
}

export function clientAddressFrom(headers: HeaderBag, trusted: readonly string[]): string | undefined {
  const peer = header(headers, PEER_HEADER);
  if (!peer) return undefined;
  const list = trustedProxyList(trusted);
  if (!isTrusted(list, peer)) return normalize(peer);
  const hops = (header(headers, 'x-forwarded-for') ?? '').split(',').map(normalize).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(list, hops[i])) return hops[i];
  return hops[0] ?? normalize(peer);
}

const g = globalThis as unknown as { __podiumPeerStamp?: boolean };

/**
 * Stamps `x-podium-peer` on every request any HTTP server in this process receives
 * (the `next start` server included). Called once from the server runtime.
 */
export function stampPeerAddresses(): void {
  if (g.__podiumPeerStamp) return;
  g.__podiumPeerStamp = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      const addr = req.socket?.remoteAddress;
      if (addr) req.headers[PEER_HEADER] = addr;
      else delete req.headers[PEER_HEADER];
    }
    return (emit as (this: http.Server, e: string, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
