// The viewer page (/watch/{videoId}): watch a video's comments with no sign-in, post when you want.
//
// Transport: the live stream (EventSource) from load; when it does not open, or shows nothing for a
// few seconds while the snapshots show more, the page polls snapshots (latest, then each next
// second) and tries the stream again later, backing off. Both carry the same cursors (an event id
// is a seq; a snapshot's lastSeq is the cursor through its second), so a switch either way resumes
// exactly after the last comment shown: no gap, and the pane de-duplicates by comment id anyway.
//
// Comment text and names are only ever set with textContent, never parsed as HTML.
(() => {
  'use strict';

  const MAX_IN_DOM = 200;            // never more comments than this on the page
  const OLDER_PAGE = 50;             // a "load older" page
  const CONTEXT_PAGE = 50;           // history shown when the stream never brought the join context
  const STREAM_SILENCE_MS = 3000;    // a stream silent this long is checked against the snapshots
  const SILENCE_RECHECK_MS = 10000;  // and again after this much more silence
  const RESTREAM_FIRST_MS = 10000;   // polling tries the stream again after this, doubling
  const RESTREAM_MAX_MS = 120000;
  const TRIAL_MS = 4000;             // a stream tried while polling must prove itself within this
  const SPREAD_MAX_MS = 1000;        // a batch's comments are spread over at most this
  const WALK_BACK_SECONDS = 15;      // snapshots read back to reach the cursor, before history
  const RATE_WINDOW_MS = 5000;       // "showing k of n comments/s" is averaged over this
  const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;
  const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

  const $ = (id) => document.getElementById(id);
  const el = {
    video: $('video'), status: $('status'), sampled: $('sampled'), notice: $('notice'),
    post: $('post'), nameRow: $('name-row'), name: $('name'), textLabel: $('text-label'),
    text: $('text'), send: $('send'), error: $('error'),
    comments: $('comments'), empty: $('empty'), older: $('older'),
  };

  const videoId = decodeURIComponent(location.pathname.split('/')[2] || '');
  const base = '/v1/videos/' + encodeURIComponent(videoId);

  const state = {
    cursor: null,                 // seq through which every comment has been received
    mode: 'stream',               // 'stream' or 'poll'
    stream: null,                 // the open stream: { es, opened, events, fresh, trial, ... }
    reopenDelay: 1000, reopenTimer: null,
    pollGen: 0, restreamDelay: RESTREAM_FIRST_MS, restreamTimer: null,
    byId: new Map(),              // comment id -> <li>
    hidden: new Set(),            // ids removed by moderation: never shown again
    mine: new Set(),              // ids of this visitor's own comments: always shown
    queue: [], nextAt: 0, pumpTimer: null, lastBatchAt: 0,
    rate: [],                     // { at, shown, represents } per batch, for the sampled note
    noMoreOlder: false, loadingOlder: false,
    token: null, userId: null, devToken: undefined,
    pendingText: null, pendingKey: null, cooldownTimer: null,
  };

  // ---- small helpers -----------------------------------------------------------------------

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function setStatus(s) {
    const polling = state.mode === 'poll';
    el.status.dataset.state = s;
    el.status.dataset.transport = polling ? 'poll' : 'stream';
    el.status.textContent = s === 'live' ? (polling ? 'live (polling)' : 'live')
      : s === 'reconnecting' ? 'reconnecting…' : 'connecting…';
  }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    // Not a secure context (plain http on a LAN address): a v4 UUID from random bytes.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function seqOf(id) {
    return typeof id === 'string' && /^[0-9]{1,19}$/.test(id) ? Number(id) : null;
  }

  function advance(seq) {
    if (typeof seq === 'number' && (state.cursor === null || seq > state.cursor)) state.cursor = seq;
  }

  async function problemOf(res) {
    try {
      const body = await res.json();
      if (body && typeof body.detail === 'string') return body;
    } catch (e) { /* not JSON */ }
    return { status: res.status, detail: 'The server answered ' + res.status + ' ' + res.statusText + '.' };
  }

  function retryAfterSeconds(res, fallback) {
    const after = Number(res.headers.get('Retry-After'));
    return Number.isFinite(after) && after > 0 ? after : fallback;
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  // ---- the comment list (newest first, de-duplicated by id, at most MAX_IN_DOM) ----------------

  function isComment(c) {
    return c && typeof c.id === 'string' && typeof c.seq === 'number' && typeof c.text === 'string'
      && c.author && typeof c.author.name === 'string' && typeof c.createdAt === 'number';
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

  // ---- history -----------------------------------------------------------------------------

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

  // ---- the live stream ---------------------------------------------------------------------

  function closeStream() {
    const s = state.stream;
    state.stream = null;
    if (s) { s.es.close(); clearTimeout(s.trialTimer); }
    clearTimeout(state.reopenTimer);
  }

  /**
   * Opens the stream from the cursor. A trial runs beside polling and takes over once it proves
   * itself; otherwise the stream is the page's transport. A fresh EventSource cannot send
   * Last-Event-ID, so the cursor goes as a parameter; the browser's own reconnects send the header,
   * which the server prefers.
   */
  function openStream(trial) {
    clearTimeout(state.reopenTimer);
    const url = base + '/stream' + (state.cursor !== null ? '?lastEventId=' + state.cursor : '');
    const s = {
      es: new EventSource(url), opened: false, events: 0, fresh: state.cursor === null, trial,
      lastEventAt: Date.now(), checkAfter: STREAM_SILENCE_MS, startCursor: state.cursor, trialTimer: null,
    };
    state.stream = s;
    if (!trial) setStatus(state.cursor !== null ? 'reconnecting' : 'connecting');
    s.es.onopen = () => {
      if (s !== state.stream) return;
      s.opened = true;
      state.reopenDelay = 1000;
      if (!s.trial) setStatus('live');
    };
    s.es.onerror = () => {
      if (s !== state.stream) return;
      if (s.trial) {              // the stream still does not get through: keep polling
        closeStream();
        scheduleRestream();
        return;
      }
      setStatus('reconnecting');
      if (s.es.readyState === EventSource.CLOSED) {
        // An error status ends an EventSource for good: reopen it ourselves, with backoff.
        const delay = state.reopenDelay * (0.75 + Math.random() * 0.5);
        state.reopenDelay = Math.min(state.reopenDelay * 2, 30000);
        state.reopenTimer = setTimeout(() => { if (state.stream === s) openStream(false); }, delay);
      }
      // Otherwise the browser retries by itself, with Last-Event-ID.
    };
    s.es.addEventListener('comments', (ev) => onStreamEvent(s, ev, (data) => {
      const comments = Array.isArray(data.comments) ? data.comments : [];
      if (s.fresh && s.events === 1) {
        addNow(comments);           // the join context: at once
        // A context short of the recent window's 100 is the video's whole history so far.
        if (comments.length < 100) { state.noMoreOlder = true; refreshList(); }
      } else {
        const now = performance.now();
        const windowMs = state.lastBatchAt ? Math.max(100, now - state.lastBatchAt) : 100;
        state.lastBatchAt = now;
        spread(comments, windowMs);
        noteRate(comments.length, data.represents);
      }
    }));
    s.es.addEventListener('hide', (ev) => onStreamEvent(s, ev, (data) => applyHide(data.ids)));
    s.es.addEventListener('reset', (ev) => onStreamEvent(s, ev, () => {
      // This hop cannot fill the gap: start over from the newest history page.
      clearList();
      refreshList();
      loadNewest();
    }));
    s.es.addEventListener('refused', () => {
      // The hop is draining or full: the browser comes back after the retry it was given.
      if (s === state.stream && !s.trial) setStatus('reconnecting');
    });
    return s;
  }

  function onStreamEvent(s, ev, apply) {
    if (s !== state.stream) return;
    s.events++;
    s.lastEventAt = Date.now();
    s.checkAfter = STREAM_SILENCE_MS;
    let data;
    try { data = JSON.parse(ev.data); } catch (e) { return; }
    if (data && typeof data === 'object') apply(data);
    advance(seqOf(ev.lastEventId));
    if (s.trial) switchToStream(s);
    state.restreamDelay = RESTREAM_FIRST_MS;
    setStatus('live');
  }

  /** Every second: the sampled note, and whether a silent stream is really getting through. */
  async function watchStream() {
    refreshRate();
    const s = state.stream;
    if (state.mode !== 'stream' || !s || s.checking) return;
    const silent = Date.now() - s.lastEventAt;
    if (silent < s.checkAfter) return;
    s.checkAfter = silent + SILENCE_RECHECK_MS;
    s.checking = true;
    const snap = await latestSnapshot();
    s.checking = false;
    if (!snap || s !== state.stream || state.mode !== 'stream') return;
    // Snapshots answer, and the stream never opened, never brought the join context, or is behind.
    const behind = snap.lastSeq > (state.cursor === null ? 0 : state.cursor);
    if (!s.opened || (s.fresh && s.events === 0) || behind) fallBackToPolling(snap);
  }

  // ---- polling snapshots -------------------------------------------------------------------

  async function getJson(url) {
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' } });
      return { res, body: res.ok ? await res.json() : null };
    } catch (e) {
      return { res: null, body: null };
    }
  }

  function isSnapshot(s) {
    return s && typeof s.second === 'number' && typeof s.lastSeq === 'number' && Array.isArray(s.comments);
  }

  async function latestSnapshot() {
    const { body } = await getJson(base + '/snapshots/latest');
    return isSnapshot(body) ? body : null;
  }

  function applySnapshot(snap, spreadIt) {
    const after = state.cursor === null ? -1 : state.cursor;
    const comments = snap.comments.filter((c) => isComment(c) && c.seq > after);
    if (spreadIt) spread(comments, 1000); else addNow(comments);
    noteRate(snap.comments.length, snap.represents);
    applyHide(snap.hidden);
    advance(snap.lastSeq);
  }

  async function fallBackToPolling(snap) {
    closeStream();
    state.mode = 'poll';
    const gen = ++state.pollGen;
    setStatus('live');
    scheduleRestream();
    await catchUp(snap, gen);
    if (gen === state.pollGen) pollFrom(snap.second + 1, gen);
  }

  /** Shows everything from the cursor through snapshot {@code snap}'s second. */
  async function catchUp(snap, gen) {
    if (state.cursor === null && state.byId.size === 0) await loadNewest();
    const from = state.cursor === null ? 0 : state.cursor;
    const seconds = [snap];
    let reached = snap.lastSeq <= from;
    for (let s = snap.second - 1; !reached && seconds.length < WALK_BACK_SECONDS; s--) {
      const { body } = await getJson(base + '/snapshots/' + s);
      if (gen !== state.pollGen) return;
      if (!isSnapshot(body)) break;
      if (body.lastSeq <= from) reached = true; else seconds.unshift(body);
    }
    if (!reached && from > 0) {
      // Further back than the snapshots reach: the comments after the cursor from history.
      try { addNow((await fetchPage({ after: String(from), limit: 100 })).comments); } catch (e) { /* shown by polling */ }
    }
    if (gen === state.pollGen) seconds.forEach((s) => applySnapshot(s, false));
  }

  async function pollFrom(second, gen) {
    let delay = 1000;
    while (gen === state.pollGen) {
      const { res, body } = await getJson(base + '/snapshots/' + second);
      if (gen !== state.pollGen) return;
      if (res && res.ok && isSnapshot(body)) {
        applySnapshot(body, true);
        second = body.second + 1;
        delay = 1000;
        setStatus('live');
        continue;
      }
      if (res && res.status === 503) {
        await sleep(retryAfterSeconds(res, 1) * 1000);
      } else if (res && (res.status === 400 || res.status === 410)) {
        // Ahead of or behind what the poller serves (a clock jump, a sleeping tab): start over.
        await sleep(1000);
        const snap = await latestSnapshot();
        if (snap && gen === state.pollGen) { await catchUp(snap, gen); second = snap.second + 1; }
      } else {
        setStatus('reconnecting');
        await sleep(delay * (0.75 + Math.random() * 0.5));
        delay = Math.min(delay * 2, 15000);
      }
    }
  }

  function scheduleRestream() {
    clearTimeout(state.restreamTimer);
    const delay = state.restreamDelay;
    state.restreamDelay = Math.min(state.restreamDelay * 2, RESTREAM_MAX_MS);
    state.restreamTimer = setTimeout(tryStream, delay);
  }

  /**
   * While polling: opens the stream from the cursor beside the polls. It takes over at its first
   * event, or after TRIAL_MS open with nothing the polls found that it lacks (a quiet video).
   */
  function tryStream() {
    if (state.mode !== 'poll' || state.stream) return;
    const s = openStream(true);
    s.trialTimer = setTimeout(() => {
      if (s !== state.stream || state.mode !== 'poll') return;
      const missed = state.cursor !== null && (s.startCursor === null || state.cursor > s.startCursor);
      if (s.opened && !missed) {
        switchToStream(s);
      } else {
        closeStream();
        scheduleRestream();
      }
    }, TRIAL_MS);
  }

  function switchToStream(s) {
    clearTimeout(s.trialTimer);
    clearTimeout(state.restreamTimer);
    s.trial = false;
    state.mode = 'stream';
    state.pollGen++;              // the poll loop ends at its next step
    setStatus('live');
  }

  // ---- posting -----------------------------------------------------------------------------

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
          addNow([comment]);
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

  // ---- start -------------------------------------------------------------------------------

  el.video.textContent = videoId;
  if (!VIDEO_ID.test(videoId)) {
    el.notice.textContent = 'This is not a video id (use 1 to 64 of A-Z, a-z, 0-9, _ and -).';
    el.send.disabled = true;
    return;
  }
  document.title = videoId + ' · Live comments';

  // A token in the fragment (#token=JWT, never sent to any server) is taken and wiped from the
  // address; a site that changes the frame's fragment later (a fresh token) is heard too.
  const takeFragmentToken = () => {
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (!fragment.has('token')) return;
    acceptToken(fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  };
  takeFragmentToken();
  window.addEventListener('hashchange', takeFragmentToken);
  // Or the embedding page hands it over: only messages from the frame's own parent count, and
  // frame-ancestors (the allowed origins) decides who may be that parent.
  window.addEventListener('message', (ev) => {
    if (window.parent === window || ev.source !== window.parent) return;
    const data = ev.data;
    if (data && data.type === 'livecomments:token') acceptToken(data.token);
  });
  if (window.parent !== window) window.parent.postMessage({ type: 'livecomments:ready', videoId }, '*');

  // Leaving the page closes its stream and polls: Chromium keeps a page with an open stream in its
  // back/forward cache with the socket open, and six such sockets to one server stall every
  // further request to it. Coming back resumes from the cursor.
  window.addEventListener('pagehide', () => {
    closeStream();
    clearTimeout(state.restreamTimer);
    state.pollGen++;
  });
  window.addEventListener('pageshow', (ev) => {
    if (!ev.persisted) return;
    state.mode = 'stream';
    openStream(false);
  });

  el.post.addEventListener('submit', post);
  el.older.addEventListener('click', loadOlder);
  refreshList();
  openStream(false);
  setInterval(watchStream, 1000);
})();
