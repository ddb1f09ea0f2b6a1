import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { teardownOnDisconnect } from '../../../src/cleanup/orphan.js';

/** A stand-in for a worker's `process`: an IPC channel that the test can close. */
class FakeChannel extends EventEmitter {
  constructor(public connected: boolean | undefined) {
    super();
  }
}

describe('teardown when the runner goes away', () => {
  it('tears down once when the IPC channel to the parent closes', async () => {
    const channel = new FakeChannel(true);
    let teardowns = 0;
    teardownOnDisconnect(async () => {
      teardowns += 1;
    }, channel);
    channel.emit('disconnect');
    channel.emit('disconnect');
    await Promise.resolve();
    expect(teardowns).toBe(1);
  });

  it('does nothing in a process without an IPC channel', () => {
    const channel = new FakeChannel(undefined);
    teardownOnDisconnect(async () => {}, channel);
    expect(channel.listenerCount('disconnect')).toBe(0);
  });

  it('stops listening after a normal teardown, and keeps the listener limit as it was', () => {
    const channel = new FakeChannel(true);
    const before = channel.getMaxListeners();
    const stops = Array.from({ length: 20 }, () => teardownOnDisconnect(async () => {}, channel));
    expect(channel.listenerCount('disconnect')).toBe(20);
    expect(channel.getMaxListeners()).toBe(before + 20);
    for (const stop of stops) {
      stop();
      stop();
    }
    expect(channel.listenerCount('disconnect')).toBe(0);
    expect(channel.getMaxListeners()).toBe(before);
  });

  it('swallows a failed teardown: the watchdog still has the last word', async () => {
    const channel = new FakeChannel(true);
    teardownOnDisconnect(() => Promise.reject(new Error('engine gone')), channel);
    channel.emit('disconnect');
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
