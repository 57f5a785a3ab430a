// The summary page's "Print or save as PDF" and "Copy as text" buttons: shown only when JavaScript runs (the
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
  show('copy', function () {
    navigator.clipboard.writeText(asText()).then(
      function () {
        status.textContent = status.dataset.copied;
      },
      function () {
        status.textContent = status.dataset.notCopied;
      },
    );
  });
})();
