export * from './network.schema';
