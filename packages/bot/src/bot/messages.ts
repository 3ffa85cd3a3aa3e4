/** The bot's own sentences, per language. Site owners override them with `createBot({ messages })`. */
import type { Language } from '../text/languages.js';

export interface BotMessages {
  suggest: string;
  fallback: string;
  /** A message with no topic (a bare number, "yes", an emoji) and nothing pending: ask what it is about. */
  unclear: string;
  /** The quick reply under a fallback; it must itself be a handoff phrase so pressing it hands off. */
  talkToPerson: string;
  handoffRequested: string;
  handoffMisses: string;
  handoffRule: string;
  greeting: string;
  thanks: string;
  goodbye: string;
}

export const MESSAGES: Record<Language, BotMessages> = {
  en: {
    suggest: 'I am not sure I understood. Did you mean one of these?',
    fallback: "Sorry, I don't know the answer to that. You can rephrase your question, or talk to a person from our team.",
    unclear: "I didn't catch that. What is your question about?",
    talkToPerson: 'Talk to a person',
    handoffRequested: "Sure, I'm connecting you with a person from our team. They will see our conversation so far.",
    handoffMisses: "I'm not able to answer that, so I'm bringing in a person from our team. They will see our conversation so far.",
    handoffRule: "I'm connecting you with a person from our team. They will see our conversation so far.",
    greeting: 'Hi! How can I help you today?',
    thanks: "You're welcome! Is there anything else I can help with?",
    goodbye: 'Goodbye, and thanks for stopping by!',
  },
  de: {
    suggest: 'Ich bin nicht sicher, ob ich Sie richtig verstanden habe. Meinten Sie eines davon?',
    fallback: 'Darauf habe ich leider keine Antwort. Sie können die Frage anders stellen oder mit einem Menschen aus unserem Team sprechen.',
    unclear: 'Das habe ich nicht verstanden. Worum geht es bei Ihrer Frage?',
    talkToPerson: 'Mit einem Mitarbeiter sprechen',
    handoffRequested: 'Gern, ich verbinde Sie mit jemandem aus unserem Team. Der bisherige Chat ist dort sichtbar.',
    handoffMisses: 'Das kann ich nicht beantworten, daher hole ich jemanden aus unserem Team dazu. Der bisherige Chat ist dort sichtbar.',
    handoffRule: 'Ich verbinde Sie mit jemandem aus unserem Team. Der bisherige Chat ist dort sichtbar.',
    greeting: 'Hallo! Wie kann ich Ihnen helfen?',
    thanks: 'Gern geschehen! Kann ich sonst noch helfen?',
    goodbye: 'Auf Wiedersehen und danke für Ihren Besuch!',
  },
  fr: {
    suggest: "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire l'une de ces questions ?",
    fallback: "Désolé, je n'ai pas la réponse. Vous pouvez reformuler votre question ou parler à un conseiller de notre équipe.",
    unclear: "Je n'ai pas compris. De quoi s'agit-il ?",
    talkToPerson: 'Parler à un conseiller',
    handoffRequested: "Bien sûr, je vous mets en relation avec une personne de notre équipe. Elle verra notre conversation.",
    handoffMisses: "Je ne peux pas répondre à cela, je fais donc appel à une personne de notre équipe. Elle verra notre conversation.",
    handoffRule: "Je vous mets en relation avec une personne de notre équipe. Elle verra notre conversation.",
    greeting: 'Bonjour ! Comment puis-je vous aider ?',
    thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
    goodbye: 'Au revoir, et merci de votre visite !',
  },
  es: {
    suggest: 'No estoy seguro de haberle entendido. ¿Quería decir alguna de estas?',
    fallback: 'Lo siento, no tengo la respuesta. Puede reformular la pregunta o hablar con una persona de nuestro equipo.',
    unclear: 'No le he entendido. ¿Sobre qué es su pregunta?',
    talkToPerson: 'Hablar con una persona',
    handoffRequested: 'Claro, le pongo en contacto con una persona de nuestro equipo. Verá nuestra conversación.',
    handoffMisses: 'No puedo responder a eso, así que aviso a una persona de nuestro equipo. Verá nuestra conversación.',
    handoffRule: 'Le pongo en contacto con una persona de nuestro equipo. Verá nuestra conversación.',
    greeting: '¡Hola! ¿En qué puedo ayudarle?',
    thanks: '¡De nada! ¿Puedo ayudarle en algo más?',
    goodbye: '¡Adiós y gracias por su visita!',
  },
  nl: {
    suggest: 'Ik weet niet zeker of ik u goed begrijp. Bedoelde u een van deze?',
    fallback: 'Sorry, daar heb ik geen antwoord op. U kunt de vraag anders stellen of met een medewerker van ons team praten.',
    unclear: 'Dat heb ik niet begrepen. Waar gaat uw vraag over?',
    talkToPerson: 'Met een medewerker praten',
    handoffRequested: 'Natuurlijk, ik verbind u met iemand van ons team. Die ziet ons gesprek tot nu toe.',
    handoffMisses: 'Daar kan ik geen antwoord op geven, dus ik haal iemand van ons team erbij. Die ziet ons gesprek tot nu toe.',
    handoffRule: 'Ik verbind u met iemand van ons team. Die ziet ons gesprek tot nu toe.',
    greeting: 'Hallo! Waarmee kan ik u helpen?',
    thanks: 'Graag gedaan! Kan ik u nog ergens mee helpen?',
    goodbye: 'Tot ziens en bedankt voor uw bezoek!',
  },
  it: {
    suggest: 'Non sono sicuro di aver capito. Intendeva una di queste?',
    fallback: 'Mi dispiace, non conosco la risposta. Può riformulare la domanda o parlare con una persona del nostro team.',
    unclear: 'Non ho capito. Di cosa si tratta?',
    talkToPerson: 'Parlare con un operatore',
    handoffRequested: 'Certo, la metto in contatto con una persona del nostro team. Vedrà la nostra conversazione.',
    handoffMisses: 'Non so rispondere, quindi coinvolgo una persona del nostro team. Vedrà la nostra conversazione.',
    handoffRule: 'La metto in contatto con una persona del nostro team. Vedrà la nostra conversazione.',
    greeting: 'Ciao! Come posso aiutarla?',
    thanks: 'Prego! Posso aiutarla in altro?',
    goodbye: 'Arrivederci e grazie della visita!',
  },
};

/** The English sentences (what `createBot` uses for a KB without a locale it reads). */
export const DEFAULT_MESSAGES: BotMessages = MESSAGES.en;
