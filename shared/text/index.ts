export * from './vietnamese';
export * from './format';
