// The video picker at "/": goes to /watch/{videoId}. An old link "/?v=ID" goes there at once.
(() => {
  'use strict';
  const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;
  const go = (id) => location.assign('/watch/' + encodeURIComponent(id));
  const asked = new URLSearchParams(location.search).get('v');
  if (asked && VIDEO_ID.test(asked)) { location.replace('/watch/' + encodeURIComponent(asked)); return; }
  const form = document.getElementById('pick');
  const input = document.getElementById('video-id');
  const error = document.getElementById('pick-error');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = input.value.trim();
    if (!VIDEO_ID.test(id)) {
      error.textContent = 'A video id is 1 to 64 of A-Z, a-z, 0-9, _ and -.';
      input.focus();
      return;
    }
    go(id);
  });
  input.focus();
  input.select();
})();
