export * from './schemas';
export * from './topics';
export * from './validators';
export * from './fixtures';
