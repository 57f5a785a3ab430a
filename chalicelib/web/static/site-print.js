// The summary page's "Print or save as PDF", "Copy as text" and "Copy these words" buttons: shown only when JavaScript runs (the
// page says how to print without it). Their words are on the page, from the message catalog.
(function () {
  'use strict';
  var summary = document.querySelector('.summary');
  if (!summary) return;
  var hint = summary.querySelector('.no-script-hint');
  if (hint) hint.hidden = true;
  var status = summary.querySelector('.copy-status');
  var show = function (name, run) {
    var button = summary.querySelector('[data-' + name + ']');
    button.hidden = false;
    button.addEventListener('click', run);
  };
  // An emergency summary has no print button: it shows only what helps now.
  if (summary.querySelector('[data-print]')) {
    show('print', function () {
      window.print();
    });
  }
  var copy = function (text) {
    navigator.clipboard.writeText(text).then(
      function () {
        status.textContent = status.dataset.copied;
      },
      function () {
        status.textContent = status.dataset.notCopied;
      },
    );
  };
  // The summary's text, as the core wrote it for every surface.
  show('copy', function () {
    copy(summary.querySelector('[data-copy]').dataset.text);
  });
  // "Copy these words": the words to say, one quote a line.
  summary.querySelectorAll('[data-copy-script]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var quotes = button.parentNode.querySelectorAll('blockquote');
      copy(Array.prototype.map.call(quotes, function (quote) { return quote.textContent; }).join('\n'));
    });
  });
})();
