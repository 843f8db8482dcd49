import type { Strings } from '../strings.ts';

/** The prompt's own words in English: a chunk of its own, also spoken for languages without one. */
const strings: Strings = {
  close: 'Close',
  send: 'Send',
  skip: 'Skip',
  thanks: 'Thank you for your feedback!',
  later: 'Ask me later by email',
  laterThanks: 'Thank you! We will ask you by email.',
  ends: {
    nps: ['Not likely', 'Extremely likely'],
    csat: ['Very dissatisfied', 'Very satisfied'],
    ces: ['Strongly disagree', 'Strongly agree'],
  },
  points: {
    nps: [
      'not at all likely',
      'very unlikely',
      'unlikely',
      'unlikely',
      'somewhat unlikely',
      'neutral',
      'somewhat likely',
      'likely',
      'very likely',
      'extremely likely',
      'extremely likely',
    ],
    csat: ['very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'],
    ces: ['strongly disagree', 'disagree', 'somewhat disagree', 'neutral', 'somewhat agree', 'agree', 'strongly agree'],
  },
};

export default strings;
