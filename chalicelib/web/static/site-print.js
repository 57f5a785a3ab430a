// The summary page's "Print or save as PDF" button: shown only when JavaScript runs (the page says how without it).
(function () {
  'use strict';
  var button = document.querySelector('[data-print]');
  if (!button) return;
  var hint = document.querySelector('.no-script-hint');
  if (hint) hint.hidden = true;
  button.hidden = false;
  button.addEventListener('click', function () {
    window.print();
  });
})();
