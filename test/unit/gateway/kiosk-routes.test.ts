import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { createPortalHandler } from '../../../gateway/portal.js';
import { loadConfig, type HubConfig } from '../../../platform/config.js';
import { demoFace } from '../../../contracts/kiosk/demo-face.js';

/**
 * The kiosk's development conveniences (docs/kiosk.md): the kiosk credential and the simulated camera exist only in
 * development, only when the gateway listens on loopback, and only for a loopback `Host` (DNS rebinding).
 */
const development = loadConfig({ NODE_ENV: 'development', HUB_DATA_DIR: path.join(os.tmpdir(), 'citygraph-kiosk-routes-unit'), HUB_LOG_LEVEL: 'silent' });
const servers: http.Server[] = [];

async function serve(config: HubConfig): Promise<number> {
  const handle = createPortalHandler(config);
  const server = http.createServer((req, res) => {
    void handle(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function post(port: number, pathname: string, body: unknown, host = 'localhost'): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

let dev: number;
let production: number;
let publicBind: number;
beforeAll(async () => {
  dev = await serve(development);
  production = await serve({ ...development, env: 'production' });
  publicBind = await serve({ ...development, host: '0.0.0.0' });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

const cos = (a: readonly number[], b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('the simulated kiosk camera', () => {
  it('shows the card holder’s enrolled demo face with fresh noise, or a stranger’s, in development on loopback', async () => {
    const holder = await post(dev, '/portal/kiosk/simulated-camera', { citizenId: 'c-0015', who: 'card-holder' });
    expect(holder.status).toBe(200);
    expect(holder.json.embedding).toHaveLength(512);
    expect(cos(holder.json.embedding, demoFace('C-0015'))).toBeGreaterThan(0.8);
    const again = await post(dev, '/portal/kiosk/simulated-camera', { citizenId: 'C-0015', who: 'card-holder' });
    expect(again.json.embedding).not.toEqual(holder.json.embedding);
    const stranger = await post(dev, '/portal/kiosk/simulated-camera', { citizenId: 'C-0015', who: 'someone-else' });
    expect(Math.abs(cos(stranger.json.embedding, demoFace('C-0015')))).toBeLessThan(0.3);
  });

  it.each([
    ['production', () => production, 'localhost', 404, 'NOT_FOUND'],
    ['a gateway listening beyond loopback', () => publicBind, 'localhost', 403, 'FORBIDDEN'],
    ['a rebinding Host', () => dev, 'kiosk.evil.example', 403, 'FORBIDDEN'],
  ] as const)('is refused in %s, with no face', async (_name, port, host, status, code) => {
    for (const route of ['/portal/kiosk/simulated-camera', '/portal/kiosk/device-sign-in', '/portal/service-centre/dev-sign-in']) {
      const answer = await post(port(), route, { citizenId: 'C-0015', who: 'card-holder', kioskId: 'K-001', officialId: 'T-0042' }, host);
      expect(answer.status).toBe(status);
      expect(answer.json.errors[0].extensions.code).toBe(code);
      expect(JSON.stringify(answer.json)).not.toMatch(/embedding|eyJ/);
    }
  });

  it('refuses bad input with 400 BAD_USER_INPUT', async () => {
    expect((await post(dev, '/portal/kiosk/simulated-camera', { citizenId: 'C-0015', who: 'anyone' })).status).toBe(400);
    expect((await post(dev, '/portal/kiosk/simulated-camera', { citizenId: 'Robert', who: 'card-holder' })).json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await post(dev, '/portal/kiosk/device-sign-in', { kioskId: '../etc' })).json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // JSON that is not an object names no card and no kiosk: the same answer as a missing field.
    expect((await post(dev, '/portal/kiosk/simulated-camera', 'C-0015')).json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await post(dev, '/portal/kiosk/device-sign-in', ['K-001'])).json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('the development kiosk and official credentials', () => {
  it('signs a service-centre official in as transport staff', async () => {
    const answer = await post(dev, '/portal/service-centre/dev-sign-in', { officialId: 't-0042' });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.json.token)).toMatchObject({ sub: 'staff:transport:T-0042', department: 'transport', roles: ['staff'] });
    expect((await post(dev, '/portal/service-centre/dev-sign-in', { officialId: 'staff:health:x' })).json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('tells the kiosk page what it may use here', async () => {
    const options = (port: number, host: string) =>
      new Promise<unknown>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/portal/kiosk/options', headers: { host } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(JSON.parse(text)));
        }).on('error', reject);
      });
    expect(await options(dev, 'localhost')).toEqual({ deviceSignIn: true, simulatedCamera: true });
    expect(await options(dev, 'evil.example')).toEqual({ deviceSignIn: false, simulatedCamera: false });
    expect(await options(production, 'localhost')).toEqual({ deviceSignIn: false, simulatedCamera: false });
  });

  it('is a token of transport staff whose official is the kiosk', async () => {
    const answer = await post(dev, '/portal/kiosk/device-sign-in', { kioskId: 'K-001' });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.json.token)).toMatchObject({ sub: 'staff:transport:K-001', department: 'transport', roles: ['staff', 'kiosk'] });
  });
});
