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
  var asText = function () {
    var lines = [summary.querySelector('#summary-title').textContent];
    summary.querySelectorAll('.summary-section').forEach(function (section) {
      lines.push('', section.querySelector('.section-title').textContent);
      section.querySelectorAll('li').forEach(function (item) {
        lines.push('- ' + item.textContent.replace(/\s+/g, ' ').trim());
      });
    });
    lines.push('', summary.querySelector('.summary-notes p').textContent);
    return lines.join('\n');
  };
  show('print', function () {
    window.print();
  });
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
  show('copy', function () {
    copy(asText());
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
