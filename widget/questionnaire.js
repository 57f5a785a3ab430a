// The questionnaire in the frame: one question at a time with branching, then the summary from the API.
// Every node is built with createElement and textContent (strict CSP: no HTML parsing, no inline style, no eval), and nothing
// is stored: answers live in this page's memory until "Start over" or the page closes.
(() => {
  'use strict';
  const { config, post } = AssessmentFrame;
  const { holds } = AssessmentConditions;
  if (!config.questions) return; // a message page: the frame script has already told the host

  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const form = $('steps');
  const intro = $('intro');
  const error = $('question-error');
  const status = $('status');
  const problem = $('problem');
  const summary = $('summary');
  const next = $('next');
  const back = $('back');

  let answers = {};
  let current = config.questions[0];
  let started = false;

  const shown = () => config.questions.filter((q) => !q.show_if || holds(q.show_if, answers));
  // Conditions only look at earlier questions, so one pass in order drops every answer that is now hidden.
  const prune = () => {
    for (const q of config.questions) if (q.show_if && !holds(q.show_if, answers)) delete answers[q.id];
  };

  const read = (q) => {
    const picked = [...form.querySelectorAll(`input[name="${q.id}"]:checked`)].map((input) => input.value);
    if (!picked.length) return undefined;
    return q.kind === 'single' ? picked[0] : picked;
  };
  const keep = (q) => {
    const value = read(q);
    if (value === undefined) delete answers[q.id];
    else answers[q.id] = value;
    prune();
  };

  const renderQuestion = (q) => {
    const fieldset = el('fieldset', { id: 'question', className: 'question' });
    fieldset.setAttribute('aria-describedby', q.help ? 'question-help question-error' : 'question-error');
    fieldset.append(el('legend', {}, el('h2', { id: 'question-prompt', className: 'prompt', tabIndex: -1, textContent: q.prompt })));
    if (q.help) fieldset.append(el('p', { id: 'question-help', className: 'help', textContent: q.help }));
    const picked = [].concat(answers[q.id] ?? []);
    const type = q.kind === 'single' ? 'radio' : 'checkbox';
    const options = el('div', { className: 'options' });
    for (const option of q.options) {
      const input = el('input', { type, name: q.id, value: option.id, checked: picked.includes(option.id) });
      if (option.exclusive) input.dataset.exclusive = '';
      options.append(el('label', { className: 'option' }, input, el('span', { textContent: option.label })));
    }
    fieldset.append(options);
    $('question').replaceWith(fieldset);
  };

  const go = (q, focus) => {
    const list = shown();
    const index = list.indexOf(q);
    current = q;
    renderQuestion(q);
    error.textContent = '';
    $('progress-label').textContent = `Question ${index + 1} of ${list.length}`;
    Object.assign($('progress'), { max: list.length, value: index + 1 });
    intro.hidden = index > 0;
    back.hidden = index === 0;
    next.textContent = index === list.length - 1 ? 'See my summary' : 'Next';
    // The host gets the position among all of the assessment's questions, so branching is not revealed.
    post('step', { step: index + 1, total: config.questions.length });
    if (focus) $('question-prompt').focus();
  };

  form.addEventListener('change', (event) => {
    const input = event.target;
    error.textContent = '';
    if (input.type === 'checkbox' && input.checked) {
      // An option marked exclusive ("None of these") cannot be picked with the others.
      for (const other of form.querySelectorAll(`input[name="${input.name}"]`)) {
        if (other !== input && ('exclusive' in input.dataset || 'exclusive' in other.dataset)) other.checked = false;
      }
    }
    if (!started) {
      started = true;
      post('start');
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = read(current);
    if (value === undefined && current.required) {
      error.textContent = current.kind === 'single' ? 'Please pick an answer to go on.' : 'Please pick at least one answer to go on.';
      form.querySelector('#question input').focus();
      return;
    }
    keep(current);
    const list = shown();
    const following = list[list.indexOf(current) + 1];
    if (following) go(following, true);
    else send();
  });

  back.addEventListener('click', () => {
    keep(current);
    const list = shown();
    go(list[Math.max(list.indexOf(current) - 1, 0)], true);
  });

  const busy = (on) => {
    next.disabled = back.disabled = on;
    status.textContent = on ? 'Getting your summary…' : '';
  };

  const waitFor = (header) => {
    const seconds = Number(header);
    const wait = Number.isFinite(seconds) ? seconds : (Date.parse(header) - Date.now()) / 1000;
    return Math.min(Math.max(Math.ceil(wait) || 1, 1), 600);
  };

  const fail = (code, text, wait = 0) => {
    busy(false);
    const retry = el('button', { type: 'button', className: 'primary', textContent: 'Try again', disabled: wait > 0 });
    retry.addEventListener('click', () => {
      problem.hidden = true;
      send();
    });
    if (wait) setTimeout(() => (retry.disabled = false), wait * 1000);
    const message = el('p', { textContent: text, tabIndex: -1 });
    problem.replaceChildren(message, retry);
    problem.hidden = false;
    message.focus(); // the Next button the parent pressed was disabled while sending, so focus needs a home
    post('error', { code });
  };

  const send = async () => {
    busy(true);
    problem.hidden = true;
    let response;
    try {
      response = await fetch(config.api, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answers, locale: config.locale }),
        credentials: 'omit',
        cache: 'no-store',
      });
      if (response.ok) return showSummary(await response.json());
    } catch {
      return fail('unavailable', 'We could not reach our service. Your answers are still here. Check your connection, then try again.');
    }
    if (response.status === 429) {
      const wait = waitFor(response.headers.get('Retry-After'));
      return fail('rate-limited', `Many people are using this right now. You can try again in ${wait} seconds. Your answers are still here.`, wait);
    }
    fail('unavailable', 'Something went wrong on our side. Your answers are still here. Please try again in a moment.');
  };

  const resources = () =>
    config.partner.resources.map((r) =>
      el('li', {}, r.url ? el('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer', textContent: r.title }) : el('strong', { textContent: r.title }), `: ${r.description}`),
    );

  const asText = (result) =>
    [result.title, ...result.sections.flatMap((s) => ['', s.title, ...s.items.map((i) => `- ${i.text}`)]), ...config.partner.resources.map((r) => `- ${r.title}: ${r.description}${r.url ? ` (${r.url})` : ''}`), '', result.disclaimer].join('\n');

  const showSummary = (result) => {
    busy(false);
    const heading = el('h2', { id: 'summary-title', tabIndex: -1, textContent: 'Your summary' });
    const parts = [heading];
    if (result.urgency === 'emergency') parts.push(el('p', { className: 'lead urgent', textContent: 'Your answers show emergency signs. Get care now, before anything else below.' }));
    let placed = !config.partner.resources.length;
    for (const section of result.sections) {
      const items = el('ul', {}, ...section.items.map((item) => el('li', { textContent: item.text })));
      if (section.role === 'next-steps' && !placed) {
        items.append(...resources());
        placed = true;
      }
      parts.push(el('section', { className: section.role === 'urgent' ? 'part urgent' : 'part' }, el('h3', { textContent: section.title }), items));
    }
    if (!placed) parts.push(el('section', { className: 'part' }, el('h3', { textContent: `More help from ${config.partner.name}` }), el('ul', {}, ...resources())));
    parts.push(el('p', { className: 'note', textContent: result.disclaimer }));
    parts.push(el('p', { className: 'note', textContent: `${result.review_note}. Last reviewed ${result.last_reviewed}.` }));
    const printIt = el('button', { type: 'button', className: 'secondary', textContent: 'Print or save as PDF' });
    const copy = el('button', { type: 'button', className: 'secondary', textContent: 'Copy as text' });
    const restart = el('button', { type: 'button', className: 'secondary', textContent: 'Start over' });
    const copied = el('p', { className: 'status' });
    copied.setAttribute('role', 'status');
    printIt.addEventListener('click', () => print());
    copy.addEventListener('click', () =>
      navigator.clipboard.writeText(asText(result)).then(
        () => (copied.textContent = 'Copied. You can paste it into a note or a message.'),
        () => (copied.textContent = 'Copying did not work here. Select the text above and copy it instead.'),
      ),
    );
    restart.addEventListener('click', startOver);
    parts.push(el('div', { className: 'actions' }, printIt, copy, restart), copied);
    summary.replaceChildren(...parts);
    form.hidden = true;
    intro.hidden = true;
    summary.hidden = false;
    heading.focus();
    post('complete');
  };

  const startOver = () => {
    answers = {};
    started = false;
    summary.replaceChildren();
    summary.hidden = true;
    problem.hidden = true;
    form.hidden = false;
    go(config.questions[0], true);
  };

  post('ready');
})();
