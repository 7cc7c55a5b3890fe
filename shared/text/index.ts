export * from './vietnamese';
export * from './format';
export * from './policy';
