// The condition language of chalicelib/core/conditions.py, and the progress of chalicelib/core/progress.py, for
// branching in the browser. Both run the same vectors: tests/data/condition_vectors.json.
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

  /** true, false, or undefined when it depends on a question still ahead (Kleene's three values). */
  const maybe = (condition, answers, ahead) => {
    if ('not' in condition) {
      const inner = maybe(condition.not, answers, ahead);
      return inner === undefined ? undefined : !inner;
    }
    const parts = condition.all || condition.any;
    if (!parts) return ahead.has(condition.question) ? undefined : holds(condition, answers);
    const values = parts.map((part) => maybe(part, answers, ahead));
    const decisive = 'any' in condition; // one true part decides an `any`, one false part an `all`
    if (values.includes(decisive)) return decisive;
    return values.includes(undefined) ? undefined : !decisive;
  };

  /** Whether the condition can still hold once the questions in `ahead` (a Set of ids) are answered. */
  const possible = (condition, answers, ahead) => maybe(condition, answers, ahead) !== false;

  /** "Question number of total" for questions[index]: total counts the later questions that can still show. */
  const progress = (questions, index, answers) => {
    const ahead = new Set(questions.slice(index).map((q) => q.id));
    const number = 1 + questions.slice(0, index).filter((q) => !q.show_if || holds(q.show_if, answers)).length;
    const later = questions.slice(index + 1).filter((q) => !q.show_if || possible(q.show_if, answers, ahead)).length;
    return { number, total: number + later };
  };

  return { holds, possible, progress };
})();
