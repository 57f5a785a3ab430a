// The demo page's own script: lists the lifecycle events the widget sends, to show what a host page hears.
(() => {
  'use strict';
  const list = document.getElementById('events');
  for (const type of ['ready', 'start', 'complete', 'error']) {
    document.addEventListener(`assessment-library:${type}`, (event) => {
      const { code } = event.detail;
      const text = code ? `${type}: ${code}` : type;
      list.append(Object.assign(document.createElement('li'), { textContent: text }));
    });
  }
})();
