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
  // On our own site the host page is the library itself, with nothing to hide from it: the frame takes its
  // content's height, exactly. On a partner's page the height must not tell what the parent answered, so the
  // frame is HEIGHT px tall from the first question to the summary, whatever the answers (the loader caps it at
  // the page's window height), and its content scrolls inside it. A page without a questionnaire (a message)
  // holds no answers: it takes its height too. See docs/partners.md, "What your page can observe".
  const HEIGHT = 800;
  let exact = false;
  let reported = 0;
  const height = () => {
    // A cross-origin frame can run before the browser has told it its size (innerWidth 0, seen under load): a
    // height measured then is every word on its own line (2,800 px and more), which would make the page jump.
    // The ResizeObserver reports once the size arrives.
    if (!innerWidth) return;
    const value = exact ? document.documentElement.offsetHeight : HEIGHT;
    if (value !== reported) send({ type: 'resize', height: (reported = value), scroll: !exact });
  };

  const greet = (origin) => {
    if (!allowed(origin)) return;
    host = origin;
    exact = origin === location.origin || !config.questions;
    document.documentElement.classList.toggle('exact', exact);
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
  /** Move focus to `node` (a new question's prompt, the summary's title, a message) and show it. On a partner's
   * page the host page must not scroll (how often it jumped would count the questions a parent saw): the frame
   * scrolls its own view, to its top when `node` is on its first screen. */
  const focus = (node) => {
    node.focus({ preventScroll: !exact });
    if (exact) return;
    const { top, bottom } = node.getBoundingClientRect();
    if (top < 0 || bottom > innerHeight) scrollTo(0, Math.max(0, scrollY + bottom - innerHeight + 16));
  };
  if (config.error) post('error', { code: config.error });
  // For the site owner: the frame's console shows in the host page's developer tools.
  if (config.warning) console.warn(`[${NS}]`, config.warning);
  return { config, post, focus };
})();
