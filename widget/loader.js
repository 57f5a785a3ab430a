// The Assessment Library loader: one script tag frames a questionnaire served from our origin.
// The host page hears lifecycle events only (ready, start, complete, error), never answers nor progress.
(() => {
  'use strict';
  const NS = 'assessment-library';
  const WORDS = LOADER_WORDS;
  const EVENTS = ['ready', 'start', 'complete', 'error'];
  const script = document.currentScript;
  const warn = (...args) => console.warn(`[${NS}]`, ...args);
  // Inline and !important: host rules (even `iframe { visibility: hidden !important }`) cannot hide or squash it.
  const force = (node, styles) => {
    for (const [name, value] of Object.entries(styles)) node.style.setProperty(name, value, 'important');
  };

  const mount = (container, options) => {
    const base = options.origin ? `${options.origin}/` : script.src;
    const origin = new URL(base).origin;
    const slug = encodeURIComponent(options.assessment);
    const src = new URL(`embed/${slug}`, base);
    for (const name of ['partner', 'locale']) if (options[name]) src.searchParams.set(name, options[name]);
    if (`${options.showTitle}` === 'false') src.searchParams.set('show-title', 'false');
    // The loader's own words (the frame's title; the link shown when the frame cannot load) in the language of
    // data-locale, with the site's path for it; English when the language has none. The build writes them, by
    // language, from the message catalogs (chalicelib/web/words.py). The frame brings every other word itself.
    const [title, open, path] = WORDS[`${options.locale}`.slice(0, 2)] || WORDS.en;
    const frame = document.createElement('iframe');
    frame.title = title;
    frame.allow = 'clipboard-write';
    frame.referrerPolicy = 'no-referrer';
    frame.src = src.href;
    force(frame, { display: 'block', visibility: 'visible', opacity: '1', width: '100%', 'min-width': '280px', 'max-width': 'none', height: '480px', 'max-height': 'none', border: '0', margin: '0', padding: '0' });
    const emit = (type, detail) => {
      container.dispatchEvent(new CustomEvent(`${NS}:${type}`, { detail, bubbles: true }));
      if (typeof options.onEvent === 'function') options.onEvent({ type, ...detail });
    };
    let loaded = 0;
    // Not heard from within 6 s: the frame was refused (this page's origin is not registered) or never arrived.
    const timer = setTimeout(() => {
      const code = loaded ? 'frame-blocked' : 'unreachable';
      warn(`${code}: ${location.origin} may not frame ${src.origin}; register it in the partner's origins, then publish`);
      const link = Object.assign(document.createElement('a'), { href: `${origin}/${path}assessments/${slug}`, textContent: open });
      frame.replaceWith(link);
      emit('error', { code });
    }, 6000);
    const hear = (event) => {
      const data = event.data;
      if (event.origin !== origin || event.source !== frame.contentWindow || !data || data.source !== NS) return;
      clearTimeout(timer);
      if (data.type === 'resize' && data.height > 0) force(frame, { height: `${Math.ceil(data.height)}px` });
      else if (data.type === 'error') emit('error', { code: String(data.code) });
      else if (EVENTS.includes(data.type)) emit(data.type, {});
    };
    addEventListener('message', hear);
    frame.addEventListener('load', () => {
      loaded = 1;
      frame.contentWindow.postMessage({ source: NS, type: 'hello' }, origin);
    });
    container.replaceChildren(frame);
    return {
      frame,
      destroy() {
        clearTimeout(timer);
        removeEventListener('message', hear);
        frame.remove();
      },
    };
  };

  let api = window.AssessmentLibrary;
  if (!api || !api.mount) {
    const queued = (api && api.q) || [];
    api = window.AssessmentLibrary = (command, ...args) =>
      command === 'mount' ? mount(...args) : warn('unknown command', command);
    api.mount = mount;
    for (const args of queued) api(...args);
  }

  const data = script && script.dataset;
  if (data && data.assessment) {
    let container = data.target && document.querySelector(data.target);
    if (!container) {
      if (data.target) warn('no element matches data-target; mounting after the script tag');
      container = document.createElement('div');
      script.after(container);
    }
    mount(container, { assessment: data.assessment, partner: data.partner, locale: data.locale, showTitle: data.showTitle });
  }
})();
