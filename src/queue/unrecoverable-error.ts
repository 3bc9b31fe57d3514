/**
 * Thrown by a processor for a job that retrying cannot help (bad input, a row gone): the job fails at once, its
 * attempts left unused. BullMQ's own class, which both drivers recognise; importing it connects to nothing.
 */
export { UnrecoverableError } from 'bullmq';
