import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parseAllDocuments, parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../platform/config.js';
import { deriveChildSecrets } from '../../../platform/keys.js';
import { loadSodium } from '../../../platform/sodium.js';

/**
 * Docker and Kubernetes cannot run here: these checks parse every deployment file and hold it to docs/deploy.md
 * (probes, resources, the restricted security context, autoscaling, disruption budgets, the network policy, one Secret
 * per service matching the key split of ARCHITECTURE §5) and check that every variable they set is one the
 * configuration reads.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const DEPLOY = path.join(ROOT, 'deploy');
const K8S = path.join(DEPLOY, 'kubernetes');
const SUBGRAPHS = ['consent', 'health', 'licensing', 'transport', 'water', 'sensors'] as const;
const SERVICES = ['gateway', ...SUBGRAPHS] as const;
type Service = (typeof SERVICES)[number];
const PORTS: Record<Service, number> = { gateway: 4000, consent: 4001, health: 4002, licensing: 4003, transport: 4004, water: 4005, sensors: 4006 };

/**
 * ARCHITECTURE §5: the key variables each service's Secret holds, exactly: the ones the launcher itself gives that
 * service (`deriveChildSecrets`, platform/keys.ts), so the manifests and the code cannot disagree. Consent holds the
 * master key (the authority signing key derives from it) and every principal and service key it checks; each subgraph
 * its own principal and service key; the gateway the principal keys it signs with, its service key and the pass public
 * key; health the pass signing key and the identity key; transport the pass public key and the identity key.
 */
let KEY_SPLIT: Record<Service, string[]>;
beforeAll(async () => {
  await loadSodium();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-manifests-'));
  const key = (n: number) => Buffer.alloc(32, n).toString('base64');
  const config = loadConfig({ HUB_DATA_DIR: dataDir, HUB_PRINCIPAL_SECRET: key(1), HUB_MASTER_KEY: key(2), HUB_HEALTH_PASS_KEY: key(3), HUB_HEALTH_PASS_IDENTITY_KEY: key(4) });
  KEY_SPLIT = Object.fromEntries((['gateway', ...SUBGRAPHS] as Service[]).map((service) => [service, Object.keys(deriveChildSecrets(config, service))])) as Record<Service, string[]>;
  fs.rmSync(dataDir, { recursive: true, force: true });
});
/** Root secrets: the launcher derives children's keys from them; no deployed service holds one. */
const ROOTS = ['HUB_PRINCIPAL_SECRET'];
/** A key variable: what KEY_SPLIT governs (connection strings may carry passwords but are not keys). */
const isKeyVariable = (name: string) => /^HUB_.*(KEY|SECRET)/.test(name);

/**
 * Variables the manifests need that platform/config.ts does not read yet: the witness directory of the transparency
 * log (issue 11). Listed, and printed by the test,
 * so that nothing is silently unknown; once config.ts reads one, it simply stops being reported.
 */
const PENDING_IN_CONFIG = new Set(['HUB_WITNESS_DIR']);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function loadK8s(): Array<K8sObject & { file: string }> {
  const objects: Array<K8sObject & { file: string }> = [];
  for (const file of fs.readdirSync(K8S).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(K8S, file), 'utf8'))) {
      expect({ file, errors: doc.errors.map(String) }).toEqual({ file, errors: [] });
      const value = doc.toJS() as K8sObject | null;
      if (value) objects.push({ ...value, file });
    }
  }
  return objects;
}

const objects = loadK8s();
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const named = (kind: string, service: Service) => ofKind(kind).find((o) => o.metadata.labels?.['app.kubernetes.io/component'] === service);
const compose = parse(fs.readFileSync(path.join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, any> };

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

describe('Kubernetes manifests', () => {
  it('parse, and every object names its API, kind, name and the citygraph namespace', () => {
    expect(objects.length).toBeGreaterThan(SERVICES.length * 5);
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect({ file: o.file, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }).toEqual({ file: o.file, kind: o.kind, name: o.metadata.name, namespace: 'citygraph' });
    }
    expect(ofKind('Namespace').map((n) => n.metadata.labels?.['pod-security.kubernetes.io/enforce'])).toEqual(['restricted']);
  });

  it.each(SERVICES)('%s: a Deployment of the one image, run with its name as argument, probes on its own port', (service) => {
    const deployment = named('Deployment', service)!;
    expect(deployment).toBeDefined();
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'citygraph', 'app.kubernetes.io/component': service });
    expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers;
    expect(container.image).toMatch(/^citygraph:/);
    expect(container.args).toEqual([service]);
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([PORTS[service]]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    // Subgraphs are ready when their store answers; the gateway's /readyz is hub-wide (see gateway.yaml).
    expect(container.readinessProbe.httpGet).toEqual({ path: service === 'gateway' ? '/livez' : '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet.path).toBe('/livez');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(15);
  });

  it.each(SERVICES)('%s: resource requests and limits for CPU and memory', (service) => {
    const { resources } = named('Deployment', service)!.spec.template.spec.containers[0];
    for (const kind of ['requests', 'limits']) for (const what of ['cpu', 'memory']) expect({ kind, what, set: Boolean(resources?.[kind]?.[what]) }).toEqual({ kind, what, set: true });
  });

  it.each(SERVICES)('%s: the restricted security context (non-root, read-only root, no capabilities, no escalation, RuntimeDefault seccomp)', (service) => {
    const pod = named('Deployment', service)!.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext.capabilities.add ?? []).toEqual([]);
    // A read-only root needs somewhere writable for the data directory and /tmp: volumes, never hostPath.
    const mounts = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/var/lib/citygraph', '/tmp']));
    expect(pod.volumes.filter((v: Record<string, unknown>) => 'hostPath' in v)).toEqual([]);
  });

  it.each(SERVICES)('%s: a ClusterIP Service on its port, selecting exactly its pods', (service) => {
    const svc = ofKind('Service').find((s) => s.metadata.name === service)!;
    expect(svc).toBeDefined();
    expect(svc.spec.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(svc.spec.ports.map((p: { port: number }) => p.port)).toEqual([PORTS[service]]);
    expect(matches(svc.spec.selector, named('Deployment', service)!.spec.template.metadata.labels)).toBe(true);
    const others = SERVICES.filter((s) => s !== service).map((s) => named('Deployment', s)!.spec.template.metadata.labels);
    expect(others.filter((labels) => matches(svc.spec.selector, labels))).toEqual([]);
  });

  it.each(SERVICES)('%s: a HorizontalPodAutoscaler (autoscaling/v2, at least 2 replicas) and a PodDisruptionBudget', (service) => {
    const hpa = named('HorizontalPodAutoscaler', service)!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: named('Deployment', service)!.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics.length).toBeGreaterThan(0);
    const pdb = named('PodDisruptionBudget', service)!;
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec.minAvailable ?? pdb.spec.maxUnavailable).toBeDefined();
    expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
    expect(matches(pdb.spec.selector.matchLabels, named('Deployment', service)!.spec.template.metadata.labels)).toBe(true);
  });

  describe('network policy', () => {
    const policies = ofKind('NetworkPolicy');
    const podLabels = Object.fromEntries(SERVICES.map((s) => [s, named('Deployment', s)!.spec.template.metadata.labels as Record<string, string>])) as Record<Service, Record<string, string>>;
    /** Which services may open a connection to `target` (on its port), by the ingress rules that select it. */
    function allowedSources(target: Service): Set<Service | '*'> {
      const sources = new Set<Service | '*'>();
      for (const policy of policies.filter((p) => matches(p.spec.podSelector.matchLabels, podLabels[target]))) {
        expect(policy.spec.podSelector.matchExpressions).toBeUndefined();
        for (const rule of policy.spec.ingress ?? []) {
          const ports = (rule.ports ?? []).map((p: { port: number }) => p.port);
          if (ports.length && !ports.includes(PORTS[target])) continue;
          if (!rule.from) {
            sources.add('*');
            continue;
          }
          for (const peer of rule.from) {
            // Only pod selectors inside the namespace: an ipBlock or namespaceSelector would open the door wider.
            expect(Object.keys(peer)).toEqual(['podSelector']);
            for (const source of SERVICES) if (matches(peer.podSelector.matchLabels, podLabels[source])) sources.add(source);
          }
        }
      }
      return sources;
    }

    it('denies all ingress in the namespace by default', () => {
      const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0);
      expect(deny?.spec.policyTypes).toEqual(['Ingress']);
      expect(deny?.spec.ingress).toBeUndefined();
    });

    it('lets anyone reach the gateway, on its port only', () => {
      expect([...allowedSources('gateway')]).toEqual(['*']);
    });

    it.each(SUBGRAPHS.filter((s) => s !== 'consent'))('lets only the gateway reach %s', (service) => {
      expect([...allowedSources(service)]).toEqual(['gateway']);
    });

    it('lets only the gateway and the department subgraphs reach consent', () => {
      expect([...allowedSources('consent')].sort()).toEqual(['gateway', ...SUBGRAPHS.filter((s) => s !== 'consent')].sort());
    });
  });

  describe('secrets: one per service, matching the key split of ARCHITECTURE §5', () => {
    it.each(SERVICES)('%s: its own Secret holds exactly its keys, and its pods read only that Secret', (service) => {
      const secret = ofKind('Secret').find((s) => s.metadata.name === `citygraph-${service}`)!;
      expect(secret).toBeDefined();
      const keys = Object.keys({ ...secret.data, ...secret.stringData });
      expect(keys.filter(isKeyVariable).sort()).toEqual([...KEY_SPLIT[service]].sort());
      expect(keys.filter((k) => ROOTS.includes(k))).toEqual([]);
      const container = named('Deployment', service)!.spec.template.spec.containers[0];
      const secretRefs = [
        ...container.envFrom.filter((e: Record<string, unknown>) => e.secretRef).map((e: { secretRef: { name: string } }) => e.secretRef.name),
        ...(container.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name),
      ];
      expect([...new Set(secretRefs)]).toEqual([`citygraph-${service}`]);
    });

    it('keeps every key out of the shared ConfigMap and out of plain env entries', () => {
      for (const config of ofKind('ConfigMap')) expect(Object.keys(config.data ?? {}).filter(isKeyVariable)).toEqual([]);
      for (const service of SERVICES) {
        const env = named('Deployment', service)!.spec.template.spec.containers[0].env ?? [];
        expect(env.filter((e: { name: string; value?: string }) => isKeyVariable(e.name) && e.value !== undefined)).toEqual([]);
      }
    });

    it('gives the master key and the authority signing key to consent alone', () => {
      const holders = ofKind('Secret').filter((s) => Object.keys({ ...s.data, ...s.stringData }).some((k) => k === 'HUB_MASTER_KEY' || k === 'HUB_AUTHORITY_SIGNING_KEY'));
      expect(holders.map((s) => s.metadata.name)).toEqual(['citygraph-consent']);
    });
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfile.split('\n').filter((line) => /^[A-Z]+\s/.test(line));
  const last = (name: string) => instructions.filter((line) => line.startsWith(`${name} `)).at(-1);

  it('builds in stages and runs the built JavaScript with plain node, the service chosen by argument', () => {
    expect(instructions.filter((line) => line.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(last('ENTRYPOINT')).toBe('ENTRYPOINT ["node", "dist/bin/serve.js"]');
    expect(last('CMD')).toBe('CMD ["gateway"]');
    expect(dockerfile).not.toMatch(/tsx/);
  });

  it('runs as a numeric non-root user and declares a health check', () => {
    const user = /^USER (\d+)(?::(\d+))?$/.exec(last('USER') ?? '');
    expect(user).not.toBeNull();
    expect(Number(user![1])).toBeGreaterThan(0);
    // The runtime user is what the Kubernetes pods run as (runAsUser), so that file ownership agrees.
    for (const service of SERVICES) expect(named('Deployment', service)!.spec.template.spec.securityContext.runAsUser).toBe(Number(user![1]));
    expect(last('HEALTHCHECK')).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/bin\/healthcheck.js"\]$/);
  });
});

describe('deploy/compose.yaml', () => {
  it('runs two gateways behind a load balancer and every subgraph twice', () => {
    const lb = compose.services.lb;
    expect(lb.ports).toEqual(expect.arrayContaining([expect.stringMatching(/:8080$/)]));
    expect(Object.keys(lb.depends_on)).toContain('gateway');
    const nginx = fs.readFileSync(path.join(DEPLOY, 'nginx.conf'), 'utf8');
    expect(nginx).toMatch(/server gateway:4000/);
    for (const service of SERVICES) {
      expect({ service, replicas: compose.services[service]?.deploy?.replicas }).toEqual({ service, replicas: 2 });
      expect({ service, command: compose.services[service].command }).toEqual({ service, command: [service] });
      expect(compose.services[service].image).toMatch(/^citygraph:/);
      expect(compose.services[service].read_only).toBe(true);
      expect(compose.services[service].cap_drop).toEqual(['ALL']);
      expect(compose.services[service].healthcheck.test).toEqual(expect.arrayContaining(['dist/bin/healthcheck.js', service]));
    }
    // The gateways are reached only through the load balancer.
    expect(compose.services.gateway.ports).toBeUndefined();
  });

  it('has a three-member MongoDB replica set that every subgraph uses, Redis for the gateways and a broker for sensors', () => {
    const mongo = ['mongo-1', 'mongo-2', 'mongo-3'];
    for (const m of mongo) expect(compose.services[m].command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(compose.services['mongo-init'].command.join(' ')).toMatch(/rs\.initiate/);
    for (const service of SUBGRAPHS) {
      const uri = compose.services[service].environment.MONGODB_URI as string;
      expect({ service, uri }).toEqual({ service, uri: expect.stringMatching(/^mongodb:\/\/mongo-1:27017,mongo-2:27017,mongo-3:27017\/\?replicaSet=rs0/) });
    }
    expect(compose.services.redis.image).toMatch(/^redis:/);
    expect(compose.services.gateway.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services.mosquitto.image).toMatch(/mosquitto/);
    expect(compose.services.sensors.environment.MQTT_URL).toBe('mqtt://mosquitto:1883');
  });

  it.each(SERVICES)('%s: environment holds exactly its keys of the key split, each required from the operator', (service) => {
    const env = compose.services[service].environment as Record<string, string>;
    expect(Object.keys(env).filter(isKeyVariable).sort()).toEqual([...KEY_SPLIT[service]].sort());
    for (const key of KEY_SPLIT[service]) expect({ key, value: env[key] }).toEqual({ key, value: expect.stringMatching(/^\$\{[A-Z_]+:\?/) });
  });
});

describe('every variable the deployment files set is one the configuration reads', () => {
  const set = new Map<string, Set<string>>();
  const note = (name: string, where: string) => set.set(name, (set.get(name) ?? new Set()).add(where));
  for (const o of objects) {
    for (const name of Object.keys(o.kind === 'ConfigMap' ? (o.data ?? {}) : o.kind === 'Secret' ? { ...o.data, ...o.stringData } : {})) note(name, `kubernetes/${o.file}`);
    for (const c of o.kind === 'Deployment' ? o.spec.template.spec.containers : []) for (const e of c.env ?? []) note(e.name, `kubernetes/${o.file}`);
  }
  for (const [service, definition] of Object.entries(compose.services)) for (const name of Object.keys(definition.environment ?? {})) if (SERVICES.includes(service as Service)) note(name, 'compose.yaml');
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  for (const match of dockerfile.matchAll(/\b(NODE_ENV|HUB_[A-Z_]+|MONGODB_URI|REDIS_URL|MQTT_URL)=/g)) note(match[1]!, 'Dockerfile');

  it('reads them all (the key-split variables still to come are listed and printed, not ignored)', () => {
    const known = new Set(CONFIG_VARIABLES);
    const unknown = [...set.keys()].filter((name) => !known.has(name)).sort();
    const pending = unknown.filter((name) => PENDING_IN_CONFIG.has(name));
    if (pending.length) {
      process.stderr.write(
        `deploy: ${pending.length} variable(s) set by the manifests are not in platform/config.ts yet (pending the key split, issues 10 and 11):\n` +
          pending.map((name) => `  ${name}  (${[...set.get(name)!].join(', ')})`).join('\n') +
          '\n',
      );
    }
    expect(unknown.filter((name) => !PENDING_IN_CONFIG.has(name)).map((name) => `${name} (${[...set.get(name)!].join(', ')})`)).toEqual([]);
    expect(set.size).toBeGreaterThan(20);
  });
});
