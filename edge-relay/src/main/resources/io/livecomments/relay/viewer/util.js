// Small helpers the viewer page's modules share.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function uuid() {
  if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Not a secure context (plain http on a LAN address): a v4 UUID from random bytes.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

/** The seq an event id names, or null. */
export function seqOf(id) {
  return typeof id === 'string' && /^[0-9]{1,19}$/.test(id) ? Number(id) : null;
}

/** A reply's problem+json, or one made up from its status. */
export async function problemOf(res) {
  try {
    const body = await res.json();
    if (body && typeof body.detail === 'string') return body;
  } catch (e) { /* not JSON */ }
  return { status: res.status, detail: 'The server answered ' + res.status + ' ' + res.statusText + '.' };
}

export function retryAfterSeconds(res, fallback) {
  const after = Number(res.headers.get('Retry-After'));
  return Number.isFinite(after) && after > 0 ? after : fallback;
}

export function isComment(c) {
  return c && typeof c.id === 'string' && typeof c.seq === 'number' && typeof c.text === 'string'
    && c.author && typeof c.author.name === 'string' && typeof c.createdAt === 'number';
}
