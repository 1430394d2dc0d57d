// How the page gets comments: the live stream (EventSource) from load; when it does not open, or
// shows nothing for a few seconds while the snapshots show more (a proxy that buffers streams), it
// polls snapshots (latest, then each next second) and tries the stream again later, backing off.
// Both carry the same cursors (an event id is a seq; a snapshot's lastSeq is the cursor through
// its second), so a switch either way resumes exactly after the last comment shown: no gap, and
// the pane de-duplicates by comment id anyway.
import { isComment, seqOf, sleep, retryAfterSeconds } from './util.js';

const STREAM_SILENCE_MS = 3000;    // a stream silent this long is checked against the snapshots
const SILENCE_RECHECK_MS = 10000;  // and again after this much more silence
const RESTREAM_FIRST_MS = 10000;   // polling tries the stream again after this, doubling
const RESTREAM_MAX_MS = 120000;
const TRIAL_MS = 4000;             // a stream tried while polling must prove itself within this
const WALK_BACK_SECONDS = 15;      // snapshots read back to reach the cursor, before history

export function createTransport(el, state, base, pane) {
  const { advance, addNow, spread, applyHide, applyRestore, noteRate, refreshRate, refreshList, clearList, fetchPage, loadNewest } = pane;
  state.restreamDelay = RESTREAM_FIRST_MS;

  function setStatus(s) {
    const polling = state.mode === 'poll';
    el.status.dataset.state = s;
    el.status.dataset.transport = polling ? 'poll' : 'stream';
    el.status.textContent = s === 'live' ? (polling ? 'live (polling)' : 'live')
      : s === 'reconnecting' ? 'reconnecting…' : 'connecting…';
  }

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
        state.lastBatchAt = performance.now();
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
    // No 'unhide' listener on purpose: a live page never shows an unhidden comment again (pages
    // opened later get it in their context); EventSource drops the event, its id still counts.
    s.es.addEventListener('reset', () => {
      // This hop cannot fill the gap, or the cursor is beyond its log. A reset carries no id, so
      // the browser would resume this stream from the old cursor: join afresh instead.
      if (s === state.stream) startOver();
    });
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
    state.behindSecond = null;
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
    if (logWentBack(snap, s, silent)) { startOver(); return; }
    // Snapshots answer, and the stream never opened, never brought the join context, or is behind.
    const behind = snap.lastSeq > (state.cursor === null ? 0 : state.cursor);
    if (!s.opened || (s.fresh && s.events === 0) || behind) fallBackToPolling(snap);
  }

  /**
   * A cursor the closed seconds never reach, while the stream is silent: the log went back (an
   * in-memory server restarted, a topic made anew), so a stream resumed from the cursor stays
   * silent (or is refused with cursor-ahead) until the log passes it. Every event the page got was
   * published seconds ago, so its second is closed and the latest snapshot's lastSeq is at least
   * the cursor; a cursor still beyond it in a later closed second (a snapshot writer that is merely
   * late closes none) means the comments behind it are gone.
   */
  function logWentBack(snap, s, silent) {
    if (state.cursor === null || snap.lastSeq >= state.cursor) {
      state.behindSecond = null;
      return false;
    }
    if (state.behindSecond === null) {
      state.behindSecond = snap.second;
      s.checkAfter = silent + STREAM_SILENCE_MS;   // look again in a later second
      return false;
    }
    return snap.second > state.behindSecond;
  }

  /** Forgets the cursor and what is shown, and joins afresh: the join context, then live. */
  function startOver() {
    state.behindSecond = null;
    state.cursor = null;
    state.mode = 'stream';
    state.pollGen++;              // a poll loop ends at its next step
    clearTimeout(state.restreamTimer);
    closeStream();
    clearList();
    refreshList();
    openStream(false);
  }

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
    applyRestore(snap.restored);    // an unhide in this second (never also in its hidden list)
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

  /** Leaving the page: no stream, no polls (see watch.js). */
  function pause() {
    closeStream();
    clearTimeout(state.restreamTimer);
    state.pollGen++;
  }

  /** Back from the back/forward cache: the stream again, from the cursor. */
  function resume() {
    state.mode = 'stream';
    openStream(false);
  }

  return { start: () => { openStream(false); setInterval(watchStream, 1000); }, pause, resume };
}
