// The condition language of chalicelib/core/conditions.py, for branching in the browser.
// Both run the same vectors: tests/data/condition_vectors.json.
const AssessmentConditions = (() => {
  'use strict';
  const answer = (answers, question) => (Object.hasOwn(answers, question) ? answers[question] : undefined);

  /** True when the answers meet the condition (an unanswered question makes every leaf about it false). */
  const holds = (condition, answers) => {
    if ('all' in condition) return condition.all.every((part) => holds(part, answers));
    if ('any' in condition) return condition.any.some((part) => holds(part, answers));
    if ('not' in condition) return !holds(condition.not, answers);
    const given = answer(answers, condition.question);
    if ('is' in condition) return given === condition.is;
    if ('any_of' in condition) return typeof given === 'string' && condition.any_of.includes(given);
    return Array.isArray(given) && given.includes(condition.includes);
  };

  return { holds };
})();
