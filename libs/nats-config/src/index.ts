export * from './nats-env';
