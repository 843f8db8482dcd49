import type { Strings } from '../strings.ts';

/** The prompt's own words in Spanish: a chunk of its own, loaded only for this language. */
const strings: Strings = {
  close: 'Cerrar',
  send: 'Enviar',
  skip: 'Omitir',
  thanks: '¡Gracias por su opinión!',
  later: 'Pregúntenme más tarde por correo',
  laterThanks: '¡Gracias! Se lo preguntaremos por correo electrónico.',
  ends: {
    nps: ['Nada probable', 'Extremadamente probable'],
    csat: ['Muy insatisfecho', 'Muy satisfecho'],
    ces: ['Totalmente en desacuerdo', 'Totalmente de acuerdo'],
  },
  points: {
    nps: [
      'nada probable',
      'muy improbable',
      'improbable',
      'improbable',
      'algo improbable',
      'neutral',
      'algo probable',
      'probable',
      'muy probable',
      'extremadamente probable',
      'extremadamente probable',
    ],
    csat: ['muy insatisfecho', 'insatisfecho', 'neutral', 'satisfecho', 'muy satisfecho'],
    ces: ['totalmente en desacuerdo', 'en desacuerdo', 'algo en desacuerdo', 'neutral', 'algo de acuerdo', 'de acuerdo', 'totalmente de acuerdo'],
  },
};

export default strings;
