import type { Strings } from '../strings.ts';

/** The prompt's own words in French: a chunk of its own, loaded only for this language. */
const strings: Strings = {
  close: 'Fermer',
  send: 'Envoyer',
  skip: 'Passer',
  thanks: 'Merci pour votre retour !',
  later: 'Me le demander plus tard par e-mail',
  laterThanks: 'Merci ! Nous vous le demanderons par e-mail.',
  ends: {
    nps: ['Peu probable', 'Extrêmement probable'],
    csat: ['Très insatisfait', 'Très satisfait'],
    ces: ['Pas du tout d’accord', 'Tout à fait d’accord'],
  },
  points: {
    nps: [
      'pas du tout probable',
      'très peu probable',
      'peu probable',
      'peu probable',
      'plutôt improbable',
      'neutre',
      'plutôt probable',
      'probable',
      'très probable',
      'extrêmement probable',
      'extrêmement probable',
    ],
    csat: ['très insatisfait', 'insatisfait', 'neutre', 'satisfait', 'très satisfait'],
    ces: ['pas du tout d’accord', 'pas d’accord', 'plutôt pas d’accord', 'neutre', 'plutôt d’accord', 'd’accord', 'tout à fait d’accord'],
  },
};

export default strings;
