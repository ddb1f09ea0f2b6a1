import { all } from './all.js';
import { command } from './command.js';
import { successfulExit } from './exit.js';
import { healthy } from './health.js';
import { http } from './http.js';
import { logLine, logLines } from './log.js';
import { port } from './port.js';

/**
 * Readiness waits. Pass one as a definition's `wait`, or to
 * `container.waitFor()`:
 *
 * ```ts
 * wait: waitFor.all(waitFor.logLine(/listening/), waitFor.http({ port: 80, path: '/health' }))
 * ```
 */
export const waitFor = Object.freeze({ logLine, logLines, http, port, healthy, command, all, successfulExit });

export type { CommandWaitOptions } from './command.js';
export type { SuccessfulExitWaitOptions } from './exit.js';
export type { HealthWaitOptions } from './health.js';
export type { HttpAnswer, HttpWaitOptions } from './http.js';
export type { LogWaitOptions } from './log.js';
export { LogMatcher, type LogMatcherOptions } from './log-matcher.js';
export type { LogPattern } from './pattern.js';
export type { PollOptions } from './poll.js';
export type { PortWaitOptions } from './port.js';
