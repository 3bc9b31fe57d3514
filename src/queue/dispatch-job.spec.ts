import { dispatchJob } from './dispatch-job';
import type { JobItem } from './job-map';
import type { QueueJob, QueuePort } from './queue-port';
import { UnrecoverableError } from './unrecoverable-error';

interface TestJobs {
  count: { n: number };
  greet: { who: string };
}

const jobNamed = (name: string, data: unknown) => ({ name, data, queueName: 'test' }) as QueueJob;

describe('dispatchJob', () => {
  const handlers = {
    count: async (job: QueueJob<{ n: number }>) => `counted ${job.data.n + 1}`,
    greet: async (job: QueueJob<{ who: string }>) => `hello ${job.data.who.toUpperCase()}`,
  };

  it('hands a job to the handler of its name, with its data', async () => {
    expect(await dispatchJob<TestJobs, string>(jobNamed('count', { n: 41 }), handlers)).toBe('counted 42');
    expect(await dispatchJob<TestJobs, string>(jobNamed('greet', { who: 'hà' }), handlers)).toBe('hello HÀ');
  });

  it('fails a job of a name it has no handler for at once, not retried', async () => {
    const refused = dispatchJob<TestJobs, string>(jobNamed('sweep', {}), handlers);
    await expect(refused).rejects.toThrow(UnrecoverableError);
    await expect(refused).rejects.toThrow('no handler for job sweep on queue test');
    // A name an object has without owning it is no handler either.
    await expect(dispatchJob<TestJobs, string>(jobNamed('toString', {}), handlers)).rejects.toThrow(UnrecoverableError);
  });

  it('with handlers from a registry, says what a job with none fails with', async () => {
    const refused = dispatchJob<TestJobs, string>(jobNamed('greet', {}), { count: handlers.count }, (name) => new UnrecoverableError(`no task ${name}`));
    await expect(refused).rejects.toThrow('no task greet');
  });

  it('types each handler, each producer job and each flow item by the map (checked by the compiler)', () => {
    // @ts-expect-error: a name of the map without its handler
    void (() => dispatchJob<TestJobs, string>(jobNamed('count', {}), { count: handlers.count }));
    // A handler is given its own job's data.
    void (() => dispatchJob<TestJobs, number>(jobNamed('count', {}), { count: async (job) => job.data.n, greet: async (job) => job.data.who.length }));
    const queue = { add: async () => undefined } as unknown as QueuePort<TestJobs>;
    void (() => queue.add('count', { n: 1 }));
    // @ts-expect-error: another name's data
    void (() => queue.add('count', { who: 'x' }));
    // @ts-expect-error: a name not in the map
    void (() => queue.add('sweep', {}));
    const item = { name: 'greet', data: { who: 'x' } } satisfies JobItem<TestJobs>;
    // @ts-expect-error: a flow item's data must be its name's
    const wrong = { name: 'greet', data: { n: 1 } } satisfies JobItem<TestJobs>;
    expect([item.name, wrong.name]).toEqual(['greet', 'greet']);
  });
});
