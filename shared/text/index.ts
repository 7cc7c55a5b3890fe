export * from './vietnamese';
export * from './format';
export * from './policy';
export * from './amount-words';
export * from './date-words';
