/**
 * Small word vectors with known structure for the explorer's tests: word
 * pairs that differ by gender (man/woman, king/queen, ...), capitals and
 * their countries, clusters of animals, colours and numbers, filler words
 * for completion, and hostile words (markup) among the animals. Each vector
 * is a sum of feature directions plus seeded noise, so analogies such as
 * man : king :: woman : queen hold.
 */
import { WordVectors } from '../../lib/index';
import { prng } from './prng';

/** Words that are markup: the page must show them as text. */
export const HOSTILE_WORDS = [
  '<script>alert(1)</script>',
  '<img/src=x/onerror=alert(1)>',
  '"><svg/onload=alert(2)>',
  '&amp;',
];

const DIM = 32;

/** The vectors, most "frequent" (lowest row) words first. */
export function exploreVectors(): WordVectors {
  const random = prng(13);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const direction = () => Float64Array.from({ length: DIM }, gaussian).map((v) => v / Math.sqrt(DIM));
  const features = new Map<string, Float64Array>();
  const feature = (name: string) => {
    if (!features.has(name)) features.set(name, direction());
    return features.get(name) as Float64Array;
  };
  const entries: [string, string[]][] = [];
  const add = (word: string, ...names: string[]) => entries.push([word, names]);

  const pairs = [
    ['man', 'woman', 'person'],
    ['king', 'queen', 'royal'],
    ['boy', 'girl', 'child'],
    ['prince', 'princess', 'royal-child'],
    ['father', 'mother', 'parent'],
    ['brother', 'sister', 'sibling'],
    ['husband', 'wife', 'spouse'],
    ['uncle', 'aunt', 'relative'],
  ];
  for (const [male, female, kind] of pairs) {
    add(male, kind, 'human', 'male');
    add(female, kind, 'human', 'female');
  }
  for (const [country, capital] of [
    ['france', 'paris'],
    ['italy', 'rome'],
    ['spain', 'madrid'],
    ['germany', 'berlin'],
    ['japan', 'tokyo'],
  ]) {
    add(country, country, 'place', 'country');
    add(capital, country, 'place', 'capital');
  }
  for (const animal of ['cat', 'dog', 'horse', 'cow', 'sheep', 'pig', 'mouse', 'lion', 'tiger', 'wolf'])
    add(animal, 'animal', `animal-${animal}`);
  for (const colour of ['red', 'green', 'blue', 'yellow', 'black', 'white', 'orange', 'purple'])
    add(colour, 'colour', `colour-${colour}`);
  for (const number of ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'])
    add(number, 'number', `number-${number}`);
  for (const word of HOSTILE_WORDS) add(word, 'animal', `hostile-${word}`);
  for (let i = 0; i < 120; i++) add(`kin${i}`, `filler-${i}`);

  const vectors = new Float32Array(entries.length * DIM);
  entries.forEach(([, names], row) => {
    for (let k = 0; k < DIM; k++) {
      let v = (0.25 * gaussian()) / Math.sqrt(DIM);
      for (const name of names) v += feature(name)[k] * (name.includes('-') ? 0.5 : 1);
      vectors[row * DIM + k] = v;
    }
  });
  return new WordVectors(
    entries.map(([w]) => w),
    vectors,
    DIM,
  );
}
