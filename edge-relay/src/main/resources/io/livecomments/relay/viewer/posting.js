// Posting: a token from the embedding site (postMessage or the fragment, kept in memory only), or
// where the server mints demo tokens (all-in-one), one for a name asked for at the first post.
import { isComment, problemOf, retryAfterSeconds, uuid } from './util.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function createPosting(el, state, base, videoId, pane) {
  function claimsOf(token) {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (ch) => ch.charCodeAt(0))));
    } catch (e) {
      return {};
    }
  }

  /** A token handed over by the embedding site: kept in this page's memory only. */
  function acceptToken(token) {
    if (typeof token !== 'string' || !JWT.test(token)) return;
    const claims = claimsOf(token);
    state.token = token;
    state.userId = typeof claims.sub === 'string' ? claims.sub : null;
    const name = typeof claims.name === 'string' ? claims.name : state.userId;
    el.textLabel.textContent = name ? 'Comment as ' + name : 'Comment';
    el.nameRow.hidden = true;
    el.error.textContent = '';
  }

  /** A user id for /dev/token ([A-Za-z0-9_-]{1,64}) made from the display name, unique per tab. */
  function userIdFor(name) {
    const slug = name.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).toLowerCase();
    return (slug || 'viewer') + '-' + uuid().slice(0, 8);
  }

  /**
   * The first post needs a token: the embedding site's, or (where the server mints demo tokens,
   * as all-in-one does) one for the name asked for now. Returns whether there is one.
   */
  async function obtainToken() {
    if (state.token) return true;
    if (state.devToken === undefined) {
      // A POST-only route answers GET with 405; a server without it with 404.
      try { state.devToken = (await fetch('/dev/token')).status === 405; } catch (e) { state.devToken = false; }
    }
    if (!state.devToken) {
      el.error.textContent = 'Posting here needs a sign-in from the site showing this page.';
      if (window.parent !== window) window.parent.postMessage({ type: 'livecomments:token-needed', videoId }, '*');
      return false;
    }
    const name = el.name.value.trim();
    if (!name) {
      const first = el.nameRow.hidden;
      el.nameRow.hidden = false;
      el.error.textContent = first ? 'Choose a name to post with, then send.' : 'Please enter a name to post with.';
      el.name.focus();
      return false;
    }
    const userId = userIdFor(name);
    const res = await fetch('/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ user: userId, name: name.slice(0, 64) }),
    });
    if (!res.ok) { el.error.textContent = (await problemOf(res)).detail; return false; }
    state.token = (await res.json()).token;
    state.userId = userId;
    el.nameRow.hidden = true;
    el.textLabel.textContent = 'Comment as ' + name;
    return true;
  }

  function cooldown(seconds) {
    clearInterval(state.cooldownTimer);
    let left = Math.max(1, Math.min(600, Math.ceil(seconds)));
    el.send.disabled = true;
    el.send.textContent = 'Wait ' + left + ' s';
    state.cooldownTimer = setInterval(() => {
      left--;
      if (left > 0) { el.send.textContent = 'Wait ' + left + ' s'; return; }
      clearInterval(state.cooldownTimer);
      el.send.disabled = false;
      el.send.textContent = 'Send';
    }, 1000);
  }

  async function post(ev) {
    ev.preventDefault();
    if (el.send.disabled) return;
    const text = el.text.value;
    if (!text.trim()) { el.text.focus(); return; }
    el.error.textContent = '';
    el.send.disabled = true;
    let cooling = false;
    try {
      if (!(await obtainToken())) return;
      // One key per comment: sending the same text again after a failure reuses it, so a retry
      // whose first attempt did reach the server returns that comment instead of posting twice.
      if (text !== state.pendingText) { state.pendingText = text; state.pendingKey = uuid(); }
      const res = await fetch(base + '/comments', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json', Accept: 'application/json',
          Authorization: 'Bearer ' + state.token, 'Idempotency-Key': state.pendingKey,
        },
        body: JSON.stringify({ text }),
      });
      if (res.ok) {
        const comment = await res.json();
        state.pendingText = state.pendingKey = null;
        if (el.text.value === text) el.text.value = '';
        if (isComment(comment)) {
          // Shown at once, and kept: sampling or moderation never takes it from its author.
          state.mine.add(comment.id);
          state.userId = state.userId || comment.author.id;
          pane.addNow([comment]);
        }
        el.text.focus();
        return;
      }
      const problem = await problemOf(res);
      el.error.textContent = problem.detail;
      if (res.status === 429 || res.status === 503) {
        cooldown(retryAfterSeconds(res, 5));   // the button counts down the wait
        cooling = true;
      } else if (res.status === 401) {
        state.token = null;
        el.error.textContent = problem.detail + ' Send again to sign in anew.';
      } else {
        state.pendingText = state.pendingKey = null;   // a rejected comment: the next try is new
      }
    } catch (e) {
      el.error.textContent = 'Could not send (' + e.message + '). Press Enter to try again.';
    } finally {
      if (!cooling) el.send.disabled = false;
    }
  }

  return { post, acceptToken };
}
