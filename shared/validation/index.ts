export * from './result';
export * from './province-codes';
export * from './id-number';
export * from './contact';
export * from './date';
export * from './limits';
export * from './messages';
