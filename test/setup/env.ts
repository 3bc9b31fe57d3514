// Every test process reads config/test.yaml; global-setup.ts has already given this run its own QUEUE_PREFIX.
process.env.NODE_ENV = 'test';
