/** `[<ipv6>]:<port>` of REF §1.1 (a port of 1-5 digits). */
const IPV6_ORIGIN = /^(\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

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

const digitAt = (text: string, at: number) => text.charCodeAt(at) - 0x30;
const isDigit = (text: string, at: number) => digitAt(text, at) >= 0 && digitAt(text, at) <= 9;

/** True when the digits of `text` in [start, end) are a number 0-255 without leading zeros. */
function ipv4Part(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 1) return true;
  if (length < 1 || length > 3 || digitAt(text, start) === 0) return false;
  if (length === 2) return true;
  const value = digitAt(text, start) * 100 + digitAt(text, start + 1) * 10 + digitAt(text, end - 1);
  return value <= 255;
}

/**
 * The address of `<ipv4>:<port>`: a dotted quad, each part 0-255 without leading zeros, and a
 * port of 1-5 digits. Read character by character: it is most origins, read once per entry.
 */
function ipv4Address(origin: string): string | undefined {
  const colon = origin.indexOf(':');
  const portDigits = origin.length - colon - 1;
  if (colon < 0 || portDigits < 1 || portDigits > 5) return undefined;
  for (let i = colon + 1; i < origin.length; i++) if (!isDigit(origin, i)) return undefined;
  let parts = 0;
  let start = 0;
  for (let i = 0; i <= colon; i++) {
    if (i < colon && isDigit(origin, i)) continue;
    if (i < colon && origin.charCodeAt(i) !== 0x2e) return undefined; // not `.`
    if (!ipv4Part(origin, start, i) || ++parts > 4) return undefined;
    start = i + 1;
  }
  return parts === 4 ? origin.slice(0, colon) : undefined;
}

/**
 * The address of a connection origin (REF §1.1): the IP without its port, an IPv6 one in
 * brackets (`[2001:db8::5]`). A UNIX socket, an empty origin, `None` and anything else that is
 * not `<ip>:<port>` have no address: they count for no rule keyed by address.
 */
export function originAddress(origin: string): string | undefined {
  if (origin.charCodeAt(0) !== 0x5b) return ipv4Address(origin); // not `[`
  const match = IPV6_ORIGIN.exec(origin);
  return match ? canonicalIpv6(match[1]) : undefined;
}
