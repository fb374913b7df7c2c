import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../lib/config';

describe('config', () => {
  test('defaults are the embedded ones a newcomer gets', () => {
    const config = loadConfig({});
    expect(config.mode).toEqual({ bus: 'memory', store: 'sqlite' });
    expect(config.http.port).toBe(8080);
    expect(config.data.dir).toBe('./data');
    expect(config.bus.topicPrefix).toBe('dengar.');
  });

  test('env overrides defaults and is coerced', () => {
    const config = loadConfig({ PORT: '9090', DENGAR_DATA_DIR: '/tmp/x', DENGAR_COLLECT: 'false' });
    expect(config.http.port).toBe(9090);
    expect(config.data.dir).toBe('/tmp/x');
    expect(config.collector.enabled).toBe(false);
  });

  test('bad config names the env key and why', () => {
    expect(() => loadConfig({ PORT: 'delapan' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'delapan' })).toThrow(/PORT/);
    expect(() => loadConfig({ DENGAR_BUS: 'rabbit' })).toThrow(/DENGAR_BUS/);
    expect(() => loadConfig({ DENGAR_COLLECT_SCHEDULE: 'setiap jam' })).toThrow(/DENGAR_COLLECT_SCHEDULE: bukan ekspresi cron/);
  });

  test('a config file is read, env wins over it, and unknown groups are refused', () => {
    
    
    
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dengar-config-'));
    const file = path.join(dir, 'dengar.json');
    fs.writeFileSync(file, JSON.stringify({ http: { port: 7000 }, log: { level: 'warn' } }));
    expect(loadConfig({ DENGAR_CONFIG: file }).http.port).toBe(7000);
    expect(loadConfig({ DENGAR_CONFIG: file, PORT: '7001' }).http.port).toBe(7001);
    fs.writeFileSync(file, JSON.stringify({ htp: { port: 1 } }));
    expect(() => loadConfig({ DENGAR_CONFIG: file })).toThrow(/htp/);
  });

  test('the parsed config is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });
});
