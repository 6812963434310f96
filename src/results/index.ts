/** Results: what simulations hand to views (types, legends, colours). Pure: no DOM, React or three. */
export * from './result-types';
export * from './colour-scale';
