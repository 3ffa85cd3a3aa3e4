/** Rules: matched in priority order before the knowledge base; the first that replies wins. */
import { BotError } from '../errors.js';
import { termOf, words } from '../text/normalize.js';
import type { ReplyContext, Rule, RuleMatch } from './types.js';

export interface CompiledRule {
  id: string;
  rule: Rule;
  test(text: string, ctx: ReplyContext): RuleMatch | null;
}

function keywordTest(id: string, keywords: string[]): CompiledRule['test'] {
  const compiled = keywords.map((k) => ({ keyword: k, terms: words(k).map(termOf) })).filter((k) => k.terms.length > 0);
  return (text) => {
    const t = words(text).map(termOf);
    for (const k of compiled) {
      for (let i = 0; i + k.terms.length <= t.length; i++) {
        if (k.terms.every((term, j) => t[i + j] === term)) return { rule: id, keyword: k.keyword };
      }
    }
    return null;
  };
}

export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  return rules
    .map((rule, index) => {
      const id = rule.id ?? `rule-${index}`;
      if (typeof rule.handle !== 'function') throw new BotError('RULE_INVALID', `${id}: handle must be a function`);
      const { match } = rule;
      let test: CompiledRule['test'];
      if (match instanceof RegExp) {
        test = (text) => {
          match.lastIndex = 0; // a /g or /y RegExp keeps state between calls; rules must not.
          const m = match.exec(text);
          return m ? { rule: id, regexp: m } : null;
        };
      } else if (Array.isArray(match)) {
        if (match.length === 0) throw new BotError('RULE_INVALID', `${id}: keyword list is empty`);
        test = keywordTest(id, match);
      } else if (typeof match === 'function') {
        test = (text, ctx) => (match(text, ctx) ? { rule: id } : null);
      } else {
        throw new BotError('RULE_INVALID', `${id}: match must be a RegExp, a keyword list or a function`);
      }
      return { id, rule, test, index, priority: rule.priority ?? 0 };
    })
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .map(({ id, rule, test }) => ({ id, rule, test }));
}
