import createDebug from 'debug';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { debugLogger, quietDockerModem } from '../../../src/debug/logger.js';

describe('quietDockerModem', () => {
  let saved: string;
  let savedEnv: string | undefined;
  beforeEach(() => {
    savedEnv = process.env.DEBUG;
    saved = createDebug.disable();
  });
  afterEach(() => {
    createDebug.enable(saved);
    if (savedEnv === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = savedEnv;
  });

  it('turns docker-modem off when only a wildcard turned it on, and nothing else', () => {
    createDebug.enable('*');
    expect(quietDockerModem()).toBe(true);
    expect(createDebug.enabled('modem')).toBe(false);
    expect(createDebug.enabled('seaworthy:engine')).toBe(true);
    expect(createDebug.enabled('express:router')).toBe(true);
    expect(createDebug.enabled('modem-other')).toBe(true);
  });

  it('keeps existing rules, exclusions included', () => {
    createDebug.enable('mod*,-seaworthy:wait');
    expect(quietDockerModem()).toBe(true);
    expect(createDebug.enabled('modem')).toBe(false);
    expect(createDebug.enabled('modular')).toBe(true);
    expect(createDebug.enabled('seaworthy:wait')).toBe(false);
  });

  it('leaves docker-modem on when it is named', () => {
    for (const rules of ['*,modem', 'modem', 'seaworthy*,modem*']) {
      createDebug.enable(rules);
      expect(quietDockerModem()).toBe(false);
      expect(createDebug.enabled('modem')).toBe(true);
    }
  });

  it('does nothing when docker-modem is off', () => {
    createDebug.enable('seaworthy*');
    expect(quietDockerModem()).toBe(false);
    createDebug.enable('');
    expect(quietDockerModem()).toBe(false);
    expect(createDebug.enabled('seaworthy:engine')).toBe(false);
  });
});

describe('debugLogger', () => {
  it('makes seaworthy:<area> loggers that follow DEBUG', () => {
    const saved = createDebug.disable();
    const savedEnv = process.env.DEBUG;
    try {
      const log = debugLogger('wait');
      expect(log.namespace).toBe('seaworthy:wait');
      createDebug.enable('seaworthy:engine');
      expect(log.enabled).toBe(false);
      createDebug.enable('seaworthy*');
      expect(log.enabled).toBe(true);
    } finally {
      createDebug.enable(saved);
      if (savedEnv === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = savedEnv;
    }
  });
});
