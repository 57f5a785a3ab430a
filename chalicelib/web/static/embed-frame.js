// The frame's side of the conversation with the host page. It speaks only after the parent window says
// hello from an origin this page may be framed by, and then only to that origin (never '*').
const AssessmentFrame = (() => {
  'use strict';
  const NS = 'assessment-library';
  const config = JSON.parse(document.getElementById('embed-config').textContent);
  const framed = window.parent !== window;
  const allowed = (origin) =>
    config.ancestors.some(
      (pattern) =>
        pattern === '*' ||
        origin === (pattern === "'self'" ? location.origin : pattern) ||
        (pattern.endsWith(':*') && origin.startsWith(pattern.slice(0, -1)) && /^\d+$/.test(origin.slice(pattern.length - 1))),
    );
  let host = null;
  const pending = [];
  const send = (message) => window.parent.postMessage({ source: NS, ...message }, host);
  const height = () => send({ type: 'resize', height: document.documentElement.offsetHeight });

  addEventListener('message', (event) => {
    const data = event.data;
    if (!framed || event.source !== window.parent || !data || data.source !== NS || data.type !== 'hello') return;
    if (!allowed(event.origin)) return;
    host = event.origin;
    document.documentElement.classList.add('framed');
    height();
    for (const message of pending.splice(0)) send(message);
  });
  new ResizeObserver(() => host && height()).observe(document.documentElement);

  /** Tell the host page about a lifecycle moment: ready, start, step, complete, error. Never answers. */
  const post = (type, detail = {}) => {
    if (host) send({ type, ...detail });
    else if (framed) pending.push({ type, ...detail });
  };
  if (config.error) post('error', { code: config.error });
  return { config, post };
})();
