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
  // The host sees the frame's height, so the height must not tell what the parent answered: it is rounded up
  // to STEP px, and never under a floor per phase (any question; any summary) that fits the longest content
  // at this width. Text reflows taller when narrow, so the floors grow as the frame narrows (the host knows
  // the width anyway). Only a change of the reported height is sent. See docs/partners.md, "What your page
  // can observe".
  const STEP = 200;
  // The question floor fits the shared red-flag screen (12 options, the tallest question of every assessment).
  const FLOORS = { question: [1150, 120000], summary: [1600, 700000] }; // floor = a + b / width (px)
  let phase = 'question';
  let reported = 0;
  const height = () => {
    // A cross-origin frame can run before the browser has told it its size (innerWidth 0, seen under load): a
    // height measured then is every word on its own line (2,800 px and more), which would make the partner's
    // page jump. The ResizeObserver reports once the size arrives.
    if (!innerWidth) return;
    const [a, b] = FLOORS[phase];
    const floor = a + b / Math.max(innerWidth, 280);
    const rounded = Math.ceil(Math.max(floor, document.documentElement.offsetHeight) / STEP) * STEP;
    if (rounded !== reported) send({ type: 'resize', height: (reported = rounded) });
  };

  const greet = (origin) => {
    if (!allowed(origin)) return;
    host = origin;
    document.documentElement.classList.add('framed');
    height();
    for (const message of pending.splice(0)) send(message);
  };
  addEventListener('message', (event) => {
    const data = event.data;
    if (!framed || event.source !== window.parent || !data || data.source !== NS || data.type !== 'hello') return;
    greet(event.origin);
  });
  // Chromium and Safari name the parent's origin themselves: speak now, not a round trip after the frame's load
  // event (the host's hello stays for other browsers). postMessage delivers only to that very origin.
  const named = framed && location.ancestorOrigins && location.ancestorOrigins[0];
  if (named && named !== 'null') greet(named);
  new ResizeObserver(() => host && height()).observe(document.documentElement);

  addEventListener('resize', () => host && height());

  /** Tell the host page about a lifecycle moment: ready, start, complete, error. Never answers, never progress. */
  const post = (type, detail = {}) => {
    if (host) send({ type, ...detail });
    else if (framed) pending.push({ type, ...detail });
  };
  /** The questionnaire moved to 'question' or 'summary': the height floor changes with it. */
  const show = (name) => {
    phase = name;
    if (host) height();
  };
  if (config.error) post('error', { code: config.error });
  // For the site owner: the frame's console shows in the host page's developer tools.
  if (config.warning) console.warn(`[${NS}]`, config.warning);
  return { config, post, show };
})();
