export { EventsTail, readEvents, type PollResult, type EventsTailOptions } from './reader';
export { eventProblem } from './validate';
export { ByteTail, type ByteChunk } from './byte-tail';
