import type { Strings } from '../strings.ts';

/** The prompt's own words in German: a chunk of its own, loaded only for this language. */
const strings: Strings = {
  close: 'Schließen',
  send: 'Senden',
  skip: 'Überspringen',
  thanks: 'Vielen Dank für Ihr Feedback!',
  later: 'Später per E-Mail fragen',
  laterThanks: 'Danke! Wir fragen Sie per E-Mail.',
  ends: {
    nps: ['Unwahrscheinlich', 'Äußerst wahrscheinlich'],
    csat: ['Sehr unzufrieden', 'Sehr zufrieden'],
    ces: ['Stimme gar nicht zu', 'Stimme voll zu'],
  },
  points: {
    nps: [
      'überhaupt nicht wahrscheinlich',
      'sehr unwahrscheinlich',
      'unwahrscheinlich',
      'unwahrscheinlich',
      'eher unwahrscheinlich',
      'neutral',
      'eher wahrscheinlich',
      'wahrscheinlich',
      'sehr wahrscheinlich',
      'äußerst wahrscheinlich',
      'äußerst wahrscheinlich',
    ],
    csat: ['sehr unzufrieden', 'unzufrieden', 'neutral', 'zufrieden', 'sehr zufrieden'],
    ces: ['stimme gar nicht zu', 'stimme nicht zu', 'stimme eher nicht zu', 'neutral', 'stimme eher zu', 'stimme zu', 'stimme voll zu'],
  },
};

export default strings;
