/** A dotted-quad IPv4 address, each part 0-255 without leading zeros. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** `<ipv4>:<port>` and `[<ipv6>]:<port>` of REF §1.1 (a port of 1-5 digits). */
const TCP_ORIGIN = /^(?:([0-9.]+)|(\[[0-9A-Fa-f:.]+\])):(\d{1,5})$/;

/**
 * The IPv6 address in brackets in its canonical text (RFC 5952: lower case, the longest run of
 * zeros as `::`), so that two spellings of one address are one key; undefined when it is not one.
 */
function canonicalIpv6(bracketed: string): string | undefined {
  try {
    const host = new URL(`http://${bracketed}/`).hostname;
    return host.startsWith('[') ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The address of a connection origin (REF §1.1): the IP without its port, an IPv6 one in
 * brackets (`[2001:db8::5]`). A UNIX socket, an empty origin, `None` and anything else that is
 * not `<ip>:<port>` have no address: they count for no rule keyed by address.
 */
export function originAddress(origin: string): string | undefined {
  const match = TCP_ORIGIN.exec(origin);
  if (!match) return undefined;
  const [, ipv4, ipv6] = match;
  if (ipv4 !== undefined) return IPV4.test(ipv4) ? ipv4 : undefined;
  return canonicalIpv6(ipv6);
}
