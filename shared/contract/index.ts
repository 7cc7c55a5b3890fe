export * from './common';
export * from './schemas';
export * from './parties';
export * from './api';
export * from './dossier-status';
export * from './method';
export * from './limits';
