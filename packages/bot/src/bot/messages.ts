/** The bot's own sentences. Site owners override them with `createBot({ messages })`. */
export interface BotMessages {
  suggest: string;
  fallback: string;
  /** The quick reply under a fallback; it must itself be a handoff phrase so pressing it hands off. */
  talkToPerson: string;
  handoffRequested: string;
  handoffMisses: string;
  handoffRule: string;
}

export const DEFAULT_MESSAGES: BotMessages = {
  suggest: 'I am not sure I understood. Did you mean one of these?',
  fallback: "Sorry, I don't know the answer to that. You can rephrase your question, or talk to a person from our team.",
  talkToPerson: 'Talk to a person',
  handoffRequested: "Sure, I'm connecting you with a person from our team. They will see our conversation so far.",
  handoffMisses: "I'm not able to answer that, so I'm bringing in a person from our team. They will see our conversation so far.",
  handoffRule: "I'm connecting you with a person from our team. They will see our conversation so far.",
};
