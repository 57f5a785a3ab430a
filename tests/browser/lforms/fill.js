// Renders a Questionnaire in LHC-Forms, picks each answer of one path the way a parent would (a click on the
// option's label, in question order, each once LHC-Forms has enabled its item), waits until LHC-Forms has run
// its expressions on the last answer, and returns the linkIds of the question items it enables and the
// QuestionnaireResponse it builds. Run by test_lforms.py.
async ({questionnaire, picks}) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const until = async (test, ms) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(5)) if (test()) return true;
    return test();
  };
  // LHC-Forms runs a form's FHIRPath expressions after each change, one run at a time (a change during a run
  // queues another), and logs "Ran expressions in N ms" as each ends: counting those lines tells when it is done.
  if (!window.expressionRuns) {
    window.expressionRuns = 0;
    const log = console.log;
    console.log = (...args) => {
      if (String(args[0]).startsWith('Ran expressions')) window.expressionRuns += 1;
      log(...args);
    };
  }
  const form = document.getElementById('form');
  LForms.Util.removeFormsFromPage('form');
  await LForms.Util.addFormToPage(questionnaire, 'form', {fhirVersion: 'R4'});
  const enabled = () => Array.from(form.querySelectorAll('lhc-item.lhc-item-question'), (item) =>
    item.id.replace(/^item-/, '').replace(/\/1$/, ''));
  let runs = window.expressionRuns;
  for (const [linkId, system, code] of picks) {
    const id = `${linkId}/1|${system}|${code}`;
    if (!(await until(() => document.getElementById(id), 3000))) {
      return {enabled: enabled(), missing: linkId, response: null};
    }
    runs = window.expressionRuns;
    document.getElementById(id).click();
  }
  const expressions = JSON.stringify(questionnaire).includes('enableWhenExpression');
  if (expressions) await until(() => window.expressionRuns > runs, 3000);
  // Settled: no run ended in the last 150 ms (a queued run starts at once and takes about 40 ms here).
  for (let seen = -1; seen !== window.expressionRuns; ) {
    seen = window.expressionRuns;
    await sleep(150);
  }
  return {enabled: enabled(), missing: null, response: LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', form)};
}
