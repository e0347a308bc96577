export { EventsTail, readEvents, type PollResult, type EventsTailOptions } from './reader';
export { eventProblem, PROTOCOL_VERSION } from './validate';
export { ByteTail, type ByteChunk } from './byte-tail';
