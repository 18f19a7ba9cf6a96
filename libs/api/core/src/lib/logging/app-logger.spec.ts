import { AppLogger, setProcessLogLevel } from './app-logger';
import { runWithCorrelation } from './correlation';

describe('AppLogger', () => {
  it('writes JSON lines with the correlation id and job fields', () => {
    const lines: string[] = [];
    const logger = new AppLogger({ format: 'json', level: 'info', process: 'worker' }, (l) => lines.push(l));
    runWithCorrelation({ correlationId: 'abc-123', fields: { queue: 'system', jobId: 'j1' } }, () => logger.log('job started', 'SelfCheckProcessor'));
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'info', msg: 'job started', context: 'SelfCheckProcessor', correlationId: 'abc-123', queue: 'system', jobId: 'j1', process: 'worker' });
  });

  it('drops lines below the level', () => {
    const lines: string[] = [];
    const logger = new AppLogger({ format: 'pretty', level: 'warn', process: 'api' }, (l) => lines.push(l));
    logger.log('quiet');
    logger.warn('loud', 'Ctx');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('WARN');
    expect(lines[0]).toContain('loud');
  });

  it('follows the process-wide level set from the runtime settings', () => {
    const lines: string[] = [];
    const logger = new AppLogger({ format: 'pretty', level: 'info', process: 'api' }, (l) => lines.push(l));
    setProcessLogLevel('debug');
    logger.debug('now visible', 'Ctx');
    setProcessLogLevel('error');
    logger.warn('now hidden', 'Ctx');
    setProcessLogLevel('info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('now visible');
  });
});
