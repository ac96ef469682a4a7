import { checkServiceConfig, ConfigError, loadConfig, ServiceConfig } from './config';

describe('service configuration', () => {
  it('given no variables, the embedded defaults apply', () => {
    const config = loadConfig(ServiceConfig, {});
    expect(config).toMatchObject({
      PORT: 3000,
      EVENT_STORE: 'postgres',
      BUS: 'embedded',
      HTTP_BODY_LIMIT: 1048576,
    });
  });

  it('converts numbers and lists every broken variable at once', () => {
    expect(loadConfig(ServiceConfig, { PORT: '8080' }).PORT).toBe(8080);
    try {
      loadConfig(ServiceConfig, { PORT: 'eighty', BUS: 'rabbit', DATABASE_URL: 'mysql://x' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'BUS',
        'DATABASE_URL',
        'PORT',
      ]);
    }
  });

  it('Kafka needs brokers; KurrentDB needs a URL', () => {
    expect(() => checkServiceConfig(loadConfig(ServiceConfig, { BUS: 'kafka' }))).toThrow(/KAFKA_BROKERS/);
    expect(() => checkServiceConfig(loadConfig(ServiceConfig, { EVENT_STORE: 'kurrentdb' }))).toThrow(
      /KURRENTDB_URL/,
    );
    expect(() =>
      checkServiceConfig(
        loadConfig(ServiceConfig, { BUS: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092,broker-2:9092' }),
      ),
    ).not.toThrow();
  });
});
