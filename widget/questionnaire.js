// The questionnaire in the frame: one question at a time with branching, then the summary from the API.
// Its markup is cloned from the <template>s the page ships (drawn by the same macros as the site's pages) and
// filled with textContent (strict CSP: no HTML parsing, no inline style, no eval); its words come in its config.
// Nothing is stored: answers live in this page's memory until "Start over" or the page closes.
(() => {
  'use strict';
  const { config, post, show } = AssessmentFrame;
  const { holds, progress } = AssessmentConditions;
  if (!config.questions) return; // a message page: the frame script has already told the host
  const { messages } = config;

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
  const nextLabel = next.querySelector('.unless-urgent');
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

  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  const clone = (id) => $(id).content.cloneNode(true);
  const first = (id) => clone(id).firstElementChild;

  const renderQuestion = (q) => {
    const fieldset = first('question-template');
    fieldset.querySelector('#question-prompt').textContent = q.prompt;
    const help = fieldset.querySelector('#question-help');
    if (q.help) help.textContent = q.help;
    else {
      help.remove();
      fieldset.setAttribute('aria-describedby', 'question-error');
    }
    const picked = [].concat(answers[q.id] ?? []);
    const options = fieldset.querySelector('.options');
    for (const option of q.options) {
      const label = first('option-template');
      const input = label.querySelector('input');
      Object.assign(input, { type: q.input_type, name: q.id, value: option.id, checked: picked.includes(option.id) });
      if (option.exclusive) input.dataset.exclusive = '';
      if (config.urgent[q.id]?.includes(option.id)) input.dataset.urgent = '';
      label.querySelector('span').textContent = option.label;
      options.append(label);
    }
    $('question').replaceWith(fieldset);
  };

  const go = (q, focus) => {
    const { number, total } = progress(config.questions, config.questions.indexOf(q), answers);
    current = q;
    renderQuestion(q);
    error.textContent = '';
    $('progress-label').textContent = fill(messages.progress, { number, total });
    Object.assign($('progress'), { max: total, value: number });
    intro.hidden = number > 1;
    back.hidden = number === 1;
    nextLabel.textContent = number === total ? messages.finish : messages.next;
    // No event per question: how many questions a parent saw would tell the host which way they answered.
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
    if (event.submitter === back) return goBack();
    const value = read(current);
    if (value === undefined && current.required) {
      error.textContent = current.kind === 'single' ? messages.pick_one : messages.pick_some;
      form.querySelector('#question input').focus();
      return;
    }
    keep(current);
    const list = shown();
    const following = list[list.indexOf(current) + 1];
    if (following) go(following, true);
    else send();
  });

  const goBack = () => {
    keep(current);
    const list = shown();
    go(list[Math.max(list.indexOf(current) - 1, 0)], true);
  };

  const busy = (on) => {
    next.disabled = back.disabled = on;
    status.textContent = on ? messages.sending : '';
  };

  const waitFor = (header) => {
    const seconds = Number(header);
    const wait = Number.isFinite(seconds) ? seconds : (Date.parse(header) - Date.now()) / 1000;
    return Math.min(Math.max(Math.ceil(wait) || 1, 1), 600);
  };

  const fail = (code, text, wait = 0) => {
    busy(false);
    const retry = el('button', { type: 'button', className: 'button primary', textContent: messages.retry, disabled: wait > 0 });
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
      return fail('unavailable', messages.offline);
    }
    if (response.status === 429) {
      const wait = waitFor(response.headers.get('Retry-After'));
      return fail('rate-limited', fill(messages.busy, { seconds: wait }), wait);
    }
    fail('unavailable', messages.failed);
  };

  // The core's text of the summary, with the partner's resources after it.
  const resourceLines = config.partner.resources.map((r) => `- ${r.title}: ${r.description}${r.url ? ` (${r.url})` : ''}`);
  const asText = (result) => [result.text, ...(resourceLines.length ? ['', ...resourceLines] : [])].join('\n');

  // The summary as the core hands it over (banner, calls, sections in reading order, printable), drawn with the
  // page's templates, which the summary macro draws too. Renderers look at roles, never at ids.
  const showSummary = (result) => {
    busy(false);
    const view = clone('summary-template');
    const banner = { emergency: 'banner-emergency-template', 'call-today': 'banner-call-today-template' }[result.banner];
    if (banner) {
      const part = first(banner);
      for (const call of result.calls) {
        const item = first('call-template');
        Object.assign(item.querySelector('a'), { href: call.href, textContent: call.label });
        part.querySelector('.calls').append(item);
      }
      view.querySelector('#summary-title').after(part);
    }
    if (!result.printable) for (const part of view.querySelectorAll('.print-lead, [data-print], .no-script-hint')) part.remove();
    const notes = view.querySelector('.summary-notes');
    const copied = view.querySelector('.copy-status');
    const copy = (text) =>
      navigator.clipboard.writeText(text).then(
        () => (copied.textContent = copied.dataset.copied),
        () => (copied.textContent = copied.dataset.notCopied),
      );
    let placed = !$('resources-template');
    for (const section of result.sections) {
      const part = first(section.role === 'checklist' ? 'checklist-template' : section.role === 'script' ? 'script-template' : 'section-template');
      part.classList.replace('role-', `role-${section.role}`);
      part.querySelector('.section-title').textContent = section.title;
      const list = part.querySelector('ul');
      const quoted = section.role === 'script';
      for (const item of section.items) {
        const line = first(quoted ? 'quote-template' : 'item-template');
        (line.querySelector('blockquote') || line).textContent = item.text;
        list.append(line);
      }
      if (quoted) {
        const button = part.querySelector('[data-copy-script]');
        button.hidden = false;
        button.addEventListener('click', () => copy(section.items.map((i) => i.text).join('\n')));
      }
      if (section.role === 'next-steps' && !placed) {
        list.append(clone('resources-template'));
        placed = true;
      }
      notes.before(part);
    }
    if (!placed) notes.before(clone('more-help-template'));
    const action = (name, run) => {
      const button = view.querySelector(`[data-${name}]`);
      if (!button) return;
      button.hidden = false;
      button.addEventListener('click', run);
    };
    action('print', () => print());
    action('copy', () => copy(asText(result)));
    action('restart', startOver);
    view.querySelector('.no-script-hint')?.remove();
    const heading = view.querySelector('#summary-title');
    summary.replaceChildren(view);
    form.hidden = true;
    intro.hidden = true;
    summary.hidden = false;
    heading.focus();
    show('summary');
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
    show('question');
  };

  post('ready');
})();
