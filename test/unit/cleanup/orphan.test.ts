import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ORPHAN_EXIT_CODE, teardownOnDisconnect } from '../../../src/cleanup/orphan.js';

/** A stand-in for a worker's `process`: an IPC channel that the test can close. */
class FakeChannel extends EventEmitter {
  readonly exits: number[] = [];
  constructor(public connected: boolean | undefined) {
    super();
  }
  exit(code: number): void {
    this.exits.push(code);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('teardown when the runner goes away', () => {
  it('tears down once when the IPC channel to the parent closes', async () => {
    const channel = new FakeChannel(true);
    let teardowns = 0;
    teardownOnDisconnect(async () => {
      teardowns += 1;
    }, channel);
    channel.emit('disconnect');
    channel.emit('disconnect');
    await settle();
    expect(teardowns).toBe(1);
  });

  it('tears down every helper of the process, then exits once, after the last teardown', async () => {
    const channel = new FakeChannel(true);
    const finished: string[] = [];
    let release = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    teardownOnDisconnect(async () => {
      finished.push('a');
    }, channel);
    teardownOnDisconnect(async () => {
      await slow;
      finished.push('b');
    }, channel);
    // Someone else's listener (the runner's worker code) stays.
    channel.on('disconnect', () => {});
    channel.emit('disconnect');
    await settle();
    expect(finished).toEqual(['a']);
    expect(channel.exits).toEqual([]);
    expect(channel.listenerCount('disconnect')).toBe(1);
    release();
    await settle();
    expect(finished).toEqual(['a', 'b']);
    expect(channel.exits).toEqual([ORPHAN_EXIT_CODE]);
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
    await settle();
    // It still exits: the exit is what sets the watchdog off.
    expect(channel.exits).toEqual([ORPHAN_EXIT_CODE]);
  });

  it('does not exit when the helpers stopped listening before the runner went (normal teardown)', async () => {
    const channel = new FakeChannel(true);
    const stop = teardownOnDisconnect(async () => {}, channel);
    stop();
    channel.emit('disconnect');
    await settle();
    expect(channel.exits).toEqual([]);
  });
});
