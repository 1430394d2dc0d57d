// The comment pane: newest first, de-duplicated by id, at most MAX_IN_DOM comments; live batches
// spread over their window; moderation removes (and a snapshot's restored list puts back); history
// pages older comments in.
// Comment text and names are only ever set with textContent, never parsed as HTML.
import { isComment, problemOf } from './util.js';

const MAX_IN_DOM = 200;            // never more comments than this on the page
const OLDER_PAGE = 50;             // a "load older" page
const CONTEXT_PAGE = 50;           // history shown when the stream never brought the join context
const SPREAD_MAX_MS = 1000;        // a batch's comments are spread over at most this
const RATE_WINDOW_MS = 5000;       // "showing k of n comments/s" is averaged over this

export function createPane(el, state, base) {
  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  function advance(seq) {
    if (typeof seq === 'number' && (state.cursor === null || seq > state.cursor)) state.cursor = seq;
  }

  function shows(c) {
    return isComment(c) && !state.byId.has(c.id) && (!state.hidden.has(c.id) || state.mine.has(c.id));
  }

  function render(c, arrived) {
    const li = document.createElement('li');
    li.dataset.id = c.id;
    li.dataset.seq = String(c.seq);
    if (state.mine.has(c.id) || (state.userId && c.author.id === state.userId)) li.classList.add('mine');
    if (arrived) li.classList.add('arrived');
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = c.author.name;
    const at = document.createElement('time');
    at.className = 'at';
    const when = new Date(c.createdAt);
    at.dateTime = when.toISOString();
    at.textContent = timeFormat.format(when);
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = c.text;
    li.append(author, at, text);
    return li;
  }

  /** Puts a comment in its place by seq (newest at the top). Returns true if it was new. */
  function insert(c, arrived) {
    if (!shows(c)) return false;
    const li = render(c, arrived);
    let next = el.comments.firstElementChild;
    while (next && Number(next.dataset.seq) > c.seq) next = next.nextElementSibling;
    el.comments.insertBefore(li, next);
    state.byId.set(c.id, li);
    return true;
  }

  function remove(li) {
    state.byId.delete(li.dataset.id);
    li.remove();
  }

  function trim() {
    while (state.byId.size > MAX_IN_DOM) remove(el.comments.lastElementChild);
  }

  function refreshList() {
    el.empty.hidden = state.byId.size > 0;
    el.older.hidden = state.noMoreOlder || state.byId.size === 0 || state.byId.size >= MAX_IN_DOM;
    el.older.disabled = state.loadingOlder;
    el.older.textContent = state.loadingOlder ? 'Loading…' : 'Load older';
  }

  /** Shows comments at once (join context, history, one's own). */
  function addNow(comments) {
    comments.forEach((c) => insert(c, false));
    trim();
    refreshList();
  }

  /**
   * Shows a live batch's comments spread evenly over the batch's window, so the pane moves
   * smoothly instead of in jumps; a page that falls more than 2 s behind catches up at once.
   */
  function spread(comments, windowMs) {
    const fresh = comments.filter(shows);
    if (fresh.length === 0) return;
    const now = performance.now();
    let start = Math.max(now, state.nextAt);
    if (start - now > 2000) { flushQueue(); start = now; }
    const step = fresh.length > 1 ? Math.min(windowMs, SPREAD_MAX_MS) / fresh.length : 0;
    fresh.forEach((c, i) => state.queue.push({ c, at: start + i * step }));
    state.nextAt = start + fresh.length * step;
    pump();
  }

  function pump() {
    clearTimeout(state.pumpTimer);
    const now = performance.now();
    let changed = false;
    while (state.queue.length && state.queue[0].at <= now + 4) {
      if (insert(state.queue.shift().c, true)) changed = true;
    }
    if (changed) { trim(); refreshList(); }
    if (state.queue.length) state.pumpTimer = setTimeout(pump, state.queue[0].at - now);
  }

  function flushQueue() {
    state.queue.splice(0).forEach((q) => insert(q.c, true));
    trim();
    refreshList();
  }

  /** A moderation decision (or a snapshot's hidden list): those comments leave the pane. */
  function applyHide(ids) {
    if (!Array.isArray(ids)) return;
    ids.forEach((id) => {
      if (typeof id !== 'string' || state.mine.has(id)) return;   // the author keeps their own
      const li = state.byId.get(id);
      if (li && li.classList.contains('mine')) return;
      state.hidden.add(id);
      if (li) remove(li);
    });
    state.queue = state.queue.filter((q) => !state.hidden.has(q.c.id) || state.mine.has(q.c.id));
    refreshList();
  }

  /**
   * A snapshot's restored list (an unhide): those comments come back at their place by seq, unless
   * shown already, as far back as the pane reaches (an older one comes with "Load older", from
   * history). A later hide takes them out again.
   */
  function applyRestore(comments) {
    if (!Array.isArray(comments)) return;
    const oldest = el.comments.lastElementChild;
    const reach = state.noMoreOlder || !oldest ? -Infinity : Number(oldest.dataset.seq);
    comments.forEach((c) => {
      if (!isComment(c)) return;
      state.hidden.delete(c.id);
      if (c.seq > reach) insert(c, false);
    });
    trim();
    refreshList();
  }

  /** Counts a batch for "showing k of n comments/s" (shown only while the video is sampled). */
  function noteRate(shown, represents) {
    if (typeof represents !== 'number') represents = shown;
    state.rate.push({ at: Date.now(), shown, represents: Math.max(shown, represents) });
  }

  function refreshRate() {
    const now = Date.now();
    state.rate = state.rate.filter((r) => now - r.at < RATE_WINDOW_MS);
    let shown = 0; let represents = 0;
    state.rate.forEach((r) => { shown += r.shown; represents += r.represents; });
    const sampled = represents > shown;
    el.sampled.hidden = !sampled;
    if (sampled) {
      const per = (n) => Math.max(1, Math.round(n * 1000 / RATE_WINDOW_MS));
      el.sampled.textContent = 'showing ' + per(shown) + ' of ' + per(represents) + ' comments/s';
    }
  }

  function clearList() {
    el.comments.replaceChildren();
    state.byId.clear();
    state.queue = [];
    state.noMoreOlder = false;
  }

  async function fetchPage(query) {
    const res = await fetch(base + '/comments?' + new URLSearchParams(query), { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error((await problemOf(res)).detail);
    const page = await res.json();
    return { comments: Array.isArray(page.comments) ? page.comments : [], nextCursor: page.nextCursor || null, hasMore: !!page.hasMore };
  }

  /** The newest history page: after a reset, and when polling starts with nothing shown. */
  async function loadNewest() {
    try {
      const page = await fetchPage({ limit: CONTEXT_PAGE });
      addNow(page.comments);
      page.comments.forEach((c) => isComment(c) && advance(c.seq));
    } catch (e) {
      el.notice.textContent = 'Could not read earlier comments: ' + e.message;
    }
  }

  async function loadOlder() {
    const oldest = el.comments.lastElementChild;
    if (state.loadingOlder || !oldest) return;
    state.loadingOlder = true;
    refreshList();
    el.notice.textContent = '';
    try {
      const room = MAX_IN_DOM - state.byId.size;
      if (room > 0) {
        const page = await fetchPage({ before: oldest.dataset.seq, limit: Math.min(OLDER_PAGE, room) });
        addNow(page.comments);
        state.noMoreOlder = !page.hasMore;
      }
    } catch (e) {
      el.notice.textContent = 'Could not load older comments: ' + e.message;
    } finally {
      state.loadingOlder = false;
      refreshList();
    }
  }

  return { advance, insert, addNow, spread, applyHide, applyRestore, noteRate, refreshRate, refreshList, clearList, fetchPage, loadNewest, loadOlder };
}
