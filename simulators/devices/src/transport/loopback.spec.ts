import { assertLoopbackUrl } from './loopback';

describe(assertLoopbackUrl.name, () => {
  it.each(['mqtt://127.0.0.1:1883', 'mqtt://localhost:1883', 'mqtt://[::1]:1883', 'ws://127.0.0.1:8080/mqtt'])('accepts %s', (url) => {
    expect(assertLoopbackUrl(url).protocol).toBeDefined();
  });

  it.each(['mqtt://10.0.0.5:1883', 'mqtt://broker.example.com', 'mqtt://127.0.0.2:1883', 'mqtt://0.0.0.0:1883', 'mqtts://localhost:8883', 'not a url'])('refuses %s', (url) => {
    expect(() => assertLoopbackUrl(url)).toThrow();
  });
});
