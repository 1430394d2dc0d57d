// The viewer page (/watch/{videoId}): watch a video's comments with no sign-in, post when you want.
// Plain ES modules, no build step: the pane (pane.js), how comments arrive (transport.js), posting
// (posting.js); this one wires them to the page and to an embedding site.
import { createPane } from './pane.js';
import { createTransport } from './transport.js';
import { createPosting } from './posting.js';

const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;

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
  behindSecond: null,           // the closed second first seen behind the cursor (see transport.js)
  stream: null,                 // the open stream: { es, opened, events, fresh, trial, ... }
  reopenDelay: 1000, reopenTimer: null,
  pollGen: 0, restreamDelay: 0, restreamTimer: null,
  byId: new Map(),              // comment id -> <li>
  hidden: new Set(),            // ids removed by moderation: never shown again
  mine: new Set(),              // ids of this visitor's own comments: always shown
  queue: [], nextAt: 0, pumpTimer: null, lastBatchAt: 0,
  rate: [],                     // { at, shown, represents } per batch, for the sampled note
  noMoreOlder: false, loadingOlder: false,
  token: null, userId: null, devToken: undefined,
  pendingText: null, pendingKey: null, cooldownTimer: null,
};

function start() {
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
    posting.acceptToken(fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  };
  takeFragmentToken();
  window.addEventListener('hashchange', takeFragmentToken);
  // Or the embedding page hands it over: only messages from the frame's own parent count, and
  // frame-ancestors (the allowed origins) decides who may be that parent.
  window.addEventListener('message', (ev) => {
    if (window.parent === window || ev.source !== window.parent) return;
    const data = ev.data;
    if (data && data.type === 'livecomments:token') posting.acceptToken(data.token);
  });
  if (window.parent !== window) window.parent.postMessage({ type: 'livecomments:ready', videoId }, '*');

  // Leaving the page closes its stream and polls: Chromium keeps a page with an open stream in its
  // back/forward cache with the socket open, and six such sockets to one server stall every
  // further request to it. Coming back resumes from the cursor.
  window.addEventListener('pagehide', () => transport.pause());
  window.addEventListener('pageshow', (ev) => { if (ev.persisted) transport.resume(); });

  el.post.addEventListener('submit', posting.post);
  el.older.addEventListener('click', pane.loadOlder);
  pane.refreshList();
  transport.start();
}

const pane = createPane(el, state, base);
const transport = createTransport(el, state, base, pane);
const posting = createPosting(el, state, base, videoId, pane);
start();
