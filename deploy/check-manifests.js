// Offline checks of Baton's deployment files, run by deploy/validate.sh (and so by CI). No cluster, no Docker
// engine, no network: it reads YAML and the repository's sources.
//
//   node deploy/check-manifests.js [--allow-dev-secrets] [--label NAME] RENDERED.yaml…
//       Kubernetes manifests as `kubectl kustomize <overlay>` renders them.
//   node deploy/check-manifests.js --unrendered deploy/k8s/overlays/<name>
//       Without kubectl: the resources the overlay's kustomization lists (followed through its bases), as
//       written; generators and patches are not applied.
//   node deploy/check-manifests.js --compose docker-compose.yml
//       The compose file and services/*/Dockerfile.
//
// Facts come from the sources, so that a change there fails here: the partition count of the context topics
// and their names (libs/contracts/src/topics.ts), each service's default port (services/<name>/src/config.ts),
// whether a service consumes Kafka (openBusServer or a KafkaBusServer in services/<name>/src). Exit 1 when any check fails.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const HEALTH_PATH = '/health';

// ---- facts from the sources ------------------------------------------------------------------------------

function readSource(relative) {
  return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

/** Context topics and their partition count, from libs/contracts/src/topics.ts. */
function declaredTopics() {
  const source = readSource('libs/contracts/src/topics.ts');
  const partitions = /const CONTEXT_TOPIC_PARTITIONS = (\d+);/.exec(source);
  const dlqPartitions = /const DLQ_PARTITIONS = (\d+);/.exec(source);
  if (!partitions || !dlqPartitions)
    throw new Error('libs/contracts/src/topics.ts: CONTEXT_TOPIC_PARTITIONS / DLQ_PARTITIONS not found');
  const names = [...source.matchAll(/contextTopic\(\s*'([a-z0-9-]+)'/g)].map((m) => `baton.${m[1]}.v1`);
  if (!names.length) throw new Error('libs/contracts/src/topics.ts: no contextTopic(...) declarations found');
  const topics = new Map();
  for (const name of names) {
    topics.set(name, Number(partitions[1]));
    topics.set(`${name}.dlq`, Number(dlqPartitions[1]));
  }
  return topics;
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every service with a src/main.ts: its default port and whether it runs a Kafka consumer group. */
function serviceSources() {
  const services = new Map();
  const dir = path.join(ROOT, 'services');
  for (const name of fs.readdirSync(dir)) {
    if (!fs.existsSync(path.join(dir, name, 'src', 'main.ts'))) continue;
    const config = path.join(dir, name, 'src', 'config.ts');
    const port = fs.existsSync(config)
      ? /override PORT = (\d+);/.exec(fs.readFileSync(config, 'utf8'))
      : null;
    const consumes = filesUnder(path.join(dir, name, 'src'))
      .filter(
        (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes(`${path.sep}testing${path.sep}`),
      )
      .some((f) => /new KafkaBusServer\(|openBusServer\(/.test(fs.readFileSync(f, 'utf8')));
    services.set(name, { port: port ? Number(port[1]) : undefined, consumesKafka: consumes });
  }
  return services;
}

// ---- reporting ---------------------------------------------------------------------------------------------

const errors = [];
const notes = [];
let scope = '';
const fail = (message) => errors.push(`${scope}${message}`);
const note = (message) => notes.push(`${scope}${message}`);

// ---- secrets -----------------------------------------------------------------------------------------------

/** Variables whose value is a credential or key: never a literal in a manifest, a ConfigMap or compose. */
const SECRET_NAME =
  /(PASSWORD|PASSWD|SECRET|TOKEN|KEK|PRIVATE_KEY|SIGNING_KEY|CREDENTIAL|API_KEY)|^(DATABASE_URL|KURRENTDB_URL)$/;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;
const DEV_MARKER = 'dev-only';

/** `${NAME}` or `${NAME:?message}`: taken from the environment at `docker compose up`, no default in the file. */
function isReference(value) {
  return typeof value === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$/.test(value);
}

/** A dev Secret's value is acceptable when it is visibly a development value, or carries no secret at all. */
function isDevValue(value) {
  if (value.includes(DEV_MARKER)) return true;
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
  if (decoded.includes(DEV_MARKER)) return true;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !URL_WITH_PASSWORD.test(value);
}

function checkLiteralEnv(where, name, value) {
  if (value === undefined || value === null) return;
  const text = String(value);
  // `X_FILE=/run/secrets/x`: the value is where a mounted secret is, not the secret.
  const mountedSecret = /_FILE$/.test(name) && text.startsWith('/run/secrets/');
  if (SECRET_NAME.test(name) && !isReference(text) && !mountedSecret)
    fail(`${where}: ${name} has a literal value; take it from a Secret (secretKeyRef / envFrom secretRef)`);
  else if (URL_WITH_PASSWORD.test(text)) fail(`${where}: ${name} is a URL with a password in it`);
}

// ---- Kubernetes --------------------------------------------------------------------------------------------

function parseDocuments(text, file) {
  const docs = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) {
      fail(`${file}: YAML error: ${doc.errors[0].message}`);
      continue;
    }
    const value = doc.toJS();
    if (value && typeof value === 'object') docs.push(value);
  }
  return docs;
}

const matches = (selector, labels) =>
  !!selector && Object.entries(selector).every(([k, v]) => labels && labels[k] === v);

function effective(podContext, containerContext, key) {
  return containerContext && containerContext[key] !== undefined
    ? containerContext[key]
    : podContext && podContext[key];
}

function checkPodSecurity(kind, name, podSpec) {
  const pod = podSpec.securityContext || {};
  for (const container of [...(podSpec.initContainers || []), ...(podSpec.containers || [])]) {
    const own = container.securityContext || {};
    const where = `${kind} ${name}, container ${container.name}`;
    if (effective(pod, own, 'runAsNonRoot') !== true)
      fail(`${where}: securityContext.runAsNonRoot is not true`);
    const user = effective(pod, own, 'runAsUser');
    if (user === undefined || Number(user) === 0) fail(`${where}: runAsUser must be a non-zero uid`);
    if (own.allowPrivilegeEscalation !== false) fail(`${where}: allowPrivilegeEscalation must be false`);
    if (own.privileged === true) fail(`${where}: privileged`);
  }
}

function checkResources(where, container) {
  const r = container.resources || {};
  for (const kind of ['requests', 'limits'])
    for (const resource of ['cpu', 'memory'])
      if (!r[kind] || r[kind][resource] === undefined)
        fail(`${where}: resources.${kind}.${resource} missing`);
}

function checkEnv(where, container) {
  for (const variable of container.env || []) {
    if (variable.valueFrom) continue;
    checkLiteralEnv(where, variable.name, variable.value);
  }
}

function resolvesToContainerPort(port, containers) {
  return containers.some((c) =>
    (c.ports || []).some((p) => (typeof port === 'string' ? p.name === port : p.containerPort === port)),
  );
}

function checkProbe(where, container, containers, probeName) {
  const probe = container[probeName];
  if (!probe) return fail(`${where}: no ${probeName}`);
  if (!probe.httpGet || probe.httpGet.path !== HEALTH_PATH)
    return fail(`${where}: ${probeName} is not an httpGet on ${HEALTH_PATH}`);
  if (!resolvesToContainerPort(probe.httpGet.port, containers))
    fail(`${where}: ${probeName} port ${probe.httpGet.port} is not a container port`);
}

function checkKubernetes(docs, options) {
  const topics = declaredTopics();
  const sources = serviceSources();
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const deployments = byKind('Deployment');
  const services = byKind('Service');
  const hpas = byKind('HorizontalPodAutoscaler');
  const pdbs = byKind('PodDisruptionBudget');
  const jobs = byKind('Job');

  if (!deployments.length) fail('no Deployment rendered');

  for (const d of deployments) {
    const name = d.metadata.name;
    const where = `Deployment ${name}`;
    const template = d.spec.template || {};
    const labels = (template.metadata && template.metadata.labels) || {};
    const podSpec = template.spec || {};
    const containers = podSpec.containers || [];
    if (!d.spec.selector || !matches(d.spec.selector.matchLabels, labels))
      fail(`${where}: selector does not match the pod template's labels`);
    checkPodSecurity('Deployment', name, podSpec);
    for (const c of containers) {
      const cwhere = `${where}, container ${c.name}`;
      checkResources(cwhere, c);
      checkProbe(cwhere, c, containers, 'readinessProbe');
      checkProbe(cwhere, c, containers, 'livenessProbe');
      checkEnv(cwhere, c);
      if (!c.image || /:latest$/.test(c.image) || !/:[^/]+$/.test(c.image))
        fail(`${cwhere}: image ${c.image} has no pinned tag`);
    }

    // The service's own facts.
    const source = sources.get(name);
    if (source) {
      const main = containers[0] || {};
      const portEnv = (main.env || []).find((e) => e.name === 'PORT');
      if (source.port !== undefined) {
        if (!portEnv || Number(portEnv.value) !== source.port)
          fail(`${where}: PORT should be ${source.port} (services/${name}/src/config.ts)`);
        if (!resolvesToContainerPort(source.port, containers))
          fail(`${where}: no containerPort ${source.port} (services/${name}/src/config.ts)`);
      }
    } else note(`${where}: no services/${name}/src/main.ts yet (deployment prepared ahead of the code)`);

    // Service, autoscaler, disruption budget.
    const service = services.find((s) => s.spec && matches(s.spec.selector, labels));
    if (!service) fail(`${where}: no Service selects its pods`);
    else if (!(service.spec.ports || []).some((p) => resolvesToContainerPort(p.targetPort, containers)))
      fail(`Service ${service.metadata.name}: no port targets a container port of ${name}`);

    const hpa = hpas.find(
      (h) =>
        h.spec &&
        h.spec.scaleTargetRef &&
        h.spec.scaleTargetRef.kind === 'Deployment' &&
        h.spec.scaleTargetRef.name === name,
    );
    if (!hpa) fail(`${where}: no HorizontalPodAutoscaler`);
    else {
      if (hpa.apiVersion !== 'autoscaling/v2')
        fail(`HPA ${hpa.metadata.name}: apiVersion is not autoscaling/v2`);
      const cpu = (hpa.spec.metrics || []).some(
        (m) => m.type === 'Resource' && m.resource && m.resource.name === 'cpu',
      );
      if (!cpu) fail(`HPA ${hpa.metadata.name}: no CPU resource metric`);
      const min = hpa.spec.minReplicas ?? 1;
      if (min > hpa.spec.maxReplicas) fail(`HPA ${hpa.metadata.name}: minReplicas ${min} > maxReplicas`);
      const replicas = d.spec.replicas ?? 1;
      if (replicas < min || replicas > hpa.spec.maxReplicas)
        fail(`${where}: replicas ${replicas} outside the HPA's ${min}..${hpa.spec.maxReplicas}`);
    }
    if (
      !pdbs.some(
        (p) =>
          p.apiVersion === 'policy/v1' &&
          p.spec &&
          p.spec.selector &&
          matches(p.spec.selector.matchLabels, labels),
      )
    )
      fail(`${where}: no policy/v1 PodDisruptionBudget selects its pods`);

    // Consumers: replicas and maxReplicas up to the partition count of what they consume.
    const annotation = d.metadata.annotations && d.metadata.annotations['baton/consumes-topics'];
    const consumed = annotation
      ? annotation
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : [];
    if (source && source.consumesKafka && !consumed.length)
      fail(`${where}: services/${name} runs a Kafka consumer group, but baton/consumes-topics is not set`);
    if (source && !source.consumesKafka && consumed.length)
      fail(
        `${where}: baton/consumes-topics is set, but services/${name} opens no bus consumer (openBusServer)`,
      );
    if (consumed.length) {
      const unknown = consumed.filter((t) => !topics.has(t));
      if (unknown.length) fail(`${where}: consumes undeclared topic(s) ${unknown.join(', ')}`);
      const limit = Math.min(...consumed.filter((t) => topics.has(t)).map((t) => topics.get(t)));
      if (hpa && hpa.spec.maxReplicas > limit)
        fail(
          `HPA ${hpa.metadata.name}: maxReplicas ${hpa.spec.maxReplicas} > ${limit} partitions of ${consumed.join(', ')}`,
        );
      if ((d.spec.replicas ?? 1) > limit) fail(`${where}: replicas ${d.spec.replicas} > ${limit} partitions`);
    }
  }

  for (const name of sources.keys())
    if (!deployments.some((d) => d.metadata.name === name)) fail(`services/${name}: no Deployment`);

  // The topic-creation Job.
  const topicsJob = jobs.find((j) =>
    ((j.spec.template.spec || {}).containers || []).some((c) =>
      [...(c.command || []), ...(c.args || [])].some((a) =>
        String(a).includes('libs/messaging/scripts/kafka-topics.ts'),
      ),
    ),
  );
  if (!topicsJob) fail('no Job runs libs/messaging/scripts/kafka-topics.ts (topic creation)');
  if (!fs.existsSync(path.join(ROOT, 'libs/messaging/scripts/kafka-topics.ts')))
    fail('libs/messaging/scripts/kafka-topics.ts does not exist');
  for (const job of jobs) {
    const podSpec = job.spec.template.spec || {};
    checkPodSecurity('Job', job.metadata.name, podSpec);
    for (const c of podSpec.containers || []) {
      checkResources(`Job ${job.metadata.name}, container ${c.name}`, c);
      checkEnv(`Job ${job.metadata.name}, container ${c.name}`, c);
    }
  }

  // No literal secrets: ConfigMaps hold none; Secrets only in a dev overlay, with visibly dev values.
  for (const cm of byKind('ConfigMap'))
    for (const [key, value] of Object.entries(cm.data || {})) {
      if (SECRET_NAME.test(key)) fail(`ConfigMap ${cm.metadata.name}: ${key} belongs in a Secret`);
      else if (URL_WITH_PASSWORD.test(String(value)))
        fail(`ConfigMap ${cm.metadata.name}: ${key} has a password`);
    }
  for (const secret of byKind('Secret')) {
    if (!options.allowDevSecrets) {
      fail(
        `Secret ${secret.metadata.name} is rendered: this overlay must only reference Secrets created outside it`,
      );
      continue;
    }
    const values = {
      ...Object.fromEntries(
        Object.entries(secret.data || {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      ),
      ...(secret.stringData || {}),
    };
    for (const [key, value] of Object.entries(values))
      if (!isDevValue(value))
        fail(
          `Secret ${secret.metadata.name}: ${key} does not look like a DEV ONLY value (no "${DEV_MARKER}" in it)`,
        );
  }

  const count = (list) => list.length;
  return `${count(deployments)} Deployments, ${count(services)} Services, ${count(hpas)} HPAs, ${count(pdbs)} PDBs, ${count(jobs)} Job(s), ${count(byKind('ConfigMap'))} ConfigMap(s), ${count(byKind('Secret'))} Secret(s)`;
}

/**
 * Without kubectl: the documents an overlay's resources point at, through its bases. Only the `images`
 * entries are applied (so that image tags can be checked); generators, patches and replicas are not.
 */
function unrenderedDocuments(dir) {
  const images = [];
  const docs = collectResources(dir, new Set(), images);
  for (const doc of docs) {
    const podSpec = doc.spec && doc.spec.template && doc.spec.template.spec;
    for (const c of (podSpec && podSpec.containers) || []) {
      const [image] = String(c.image).split(':');
      const rule = images.find((i) => i.name === image);
      if (rule) c.image = `${rule.newName || image}:${rule.newTag || 'latest'}`;
    }
  }
  return docs;
}

function collectResources(dir, seen, images) {
  const kustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
  if (!kustomization) throw new Error(`${dir}: no kustomization.yaml`);
  if (seen.has(kustomization)) return [];
  seen.add(kustomization);
  const spec = YAML.parse(fs.readFileSync(kustomization, 'utf8')) || {};
  images.push(...(spec.images || [])); // the overlay's first: it wins over its bases'
  const docs = [];
  for (const resource of spec.resources || []) {
    const target = path.resolve(dir, resource);
    if (fs.statSync(target).isDirectory()) docs.push(...collectResources(target, seen, images));
    else docs.push(...parseDocuments(fs.readFileSync(target, 'utf8'), path.relative(ROOT, target)));
  }
  return docs;
}

// ---- docker compose and Dockerfiles ------------------------------------------------------------------------

function checkDockerfile(name, port) {
  const file = path.join(ROOT, 'services', name, 'Dockerfile');
  const where = `services/${name}/Dockerfile`;
  if (!fs.existsSync(file)) return fail(`${where}: missing`);
  const text = fs.readFileSync(file, 'utf8');
  const expect = [
    [/node:20-bookworm-slim/, 'a node:20-bookworm-slim base'],
    [/npm ci --omit=dev/, 'npm ci --omit=dev'],
    [/^USER (?!0\b|root\b)\S+/m, 'a non-root USER'],
    [/^HEALTHCHECK .*\/health/ms, 'a HEALTHCHECK on /health'],
    [/^STOPSIGNAL SIGTERM$/m, 'STOPSIGNAL SIGTERM'],
    [new RegExp(`services/${name}/src/main\\.ts`), `a command running services/${name}/src/main.ts`],
  ];
  if (port !== undefined) expect.push([new RegExp(`^EXPOSE ${port}$`, 'm'), `EXPOSE ${port}`]);
  for (const [pattern, what] of expect) if (!pattern.test(text)) fail(`${where}: no ${what}`);
  if ((text.match(/^FROM /gm) || []).length < 2) fail(`${where}: not multi-stage`);
}

const ALLOWED_CONDITIONS = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

function checkCompose(file) {
  const compose = YAML.parse(fs.readFileSync(file, 'utf8'), { merge: true });
  const services = compose.services || {};
  const sources = serviceSources();
  const required = ['postgres', 'kafka', 'kurrentdb', 'kafka-topics'];
  for (const name of required) if (!services[name]) fail(`no compose service ${name}`);
  for (const name of ['postgres', 'kafka', 'kurrentdb'])
    if (services[name] && !(services[name].healthcheck && services[name].healthcheck.test))
      fail(`${name}: no healthcheck`);
  const topicsJob = services['kafka-topics'];
  if (
    topicsJob &&
    !JSON.stringify(topicsJob.command || '').includes('libs/messaging/scripts/kafka-topics.ts')
  )
    fail('kafka-topics: does not run libs/messaging/scripts/kafka-topics.ts');

  const dependencies = (name) => Object.keys((services[name] && services[name].depends_on) || {});
  const closure = (name, acc = new Set()) => {
    for (const dep of dependencies(name)) if (!acc.has(dep)) closure(dep, acc.add(dep));
    return acc;
  };

  for (const [name, service] of Object.entries(services)) {
    const where = `compose service ${name}`;
    const dependsOn = service.depends_on || {};
    if (Array.isArray(dependsOn)) fail(`${where}: depends_on without conditions`);
    else
      for (const [dep, spec] of Object.entries(dependsOn)) {
        if (!services[dep]) fail(`${where}: depends on unknown service ${dep}`);
        if (!spec || !ALLOWED_CONDITIONS.has(spec.condition))
          fail(`${where}: depends_on ${dep} has no valid condition`);
      }
    for (const envFile of [].concat(service.env_file || []).map((e) => (typeof e === 'string' ? e : e.path)))
      if (!fs.existsSync(path.resolve(path.dirname(file), envFile)))
        fail(`${where}: env_file ${envFile} missing`);
    const environment = Array.isArray(service.environment)
      ? Object.fromEntries(service.environment.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]))
      : service.environment || {};
    for (const [key, value] of Object.entries(environment)) checkLiteralEnv(where, key, value);

    if (!service.build || name === 'kafka-topics') continue;
    // An application service.
    const dockerfile = path.resolve(
      path.dirname(file),
      service.build.context || '.',
      service.build.dockerfile || 'Dockerfile',
    );
    if (!fs.existsSync(dockerfile)) fail(`${where}: ${path.relative(ROOT, dockerfile)} missing`);
    if (path.resolve(path.dirname(file), service.build.context || '.') !== ROOT)
      fail(`${where}: build context is not the repository root`);
    if (!service.healthcheck || !JSON.stringify(service.healthcheck.test || '').includes(HEALTH_PATH))
      fail(`${where}: healthcheck does not call ${HEALTH_PATH}`);
    const reach = closure(name);
    for (const dep of required)
      if (!reach.has(dep)) fail(`${where}: does not (transitively) wait for ${dep}`);
    const source = sources.get(name);
    if (source && source.port !== undefined) {
      if (Number(environment.PORT) !== source.port) fail(`${where}: PORT should be ${source.port}`);
      if (
        !(service.ports || []).some(
          (p) => String(p.target ?? p).endsWith(`:${source.port}`) || p.target === source.port,
        )
      )
        fail(`${where}: port ${source.port} not published`);
    }
    if (!source) note(`${where}: no services/${name}/src/main.ts yet (prepared ahead of the code)`);
  }
  for (const [secretName, secret] of Object.entries(compose.secrets || {}))
    if (secret.file && !fs.existsSync(path.resolve(path.dirname(file), secret.file)))
      fail(`secret ${secretName}: file ${secret.file} missing`);

  for (const [name, source] of sources) {
    if (!services[name]) fail(`services/${name}: no compose service`);
    checkDockerfile(name, source.port);
  }
  for (const name of Object.keys(services))
    if (services[name].build && name !== 'kafka-topics' && !sources.has(name))
      checkDockerfile(name, undefined);
  return `${Object.keys(services).length} compose services, ${sources.size} service sources, Dockerfiles`;
}

// ---- main --------------------------------------------------------------------------------------------------

function main(argv) {
  const args = argv.slice(2);
  let allowDevSecrets = false;
  let label;
  const files = [];
  let mode = 'rendered';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--allow-dev-secrets') allowDevSecrets = true;
    else if (a === '--label') label = args[++i];
    else if (a === '--compose') mode = 'compose';
    else if (a === '--unrendered') mode = 'unrendered';
    else if (a === '-h' || a === '--help') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(0, 16).join('\n') + '\n');
      return 0;
    } else files.push(a);
  }
  if (!files.length) {
    process.stderr.write(
      'usage: node deploy/check-manifests.js [--allow-dev-secrets] [--label NAME] FILE…\n',
    );
    return 2;
  }
  let summary;
  if (mode === 'compose') {
    scope = `${label || files[0]}: `;
    summary = checkCompose(path.resolve(files[0]));
  } else {
    const docs =
      mode === 'unrendered'
        ? unrenderedDocuments(path.resolve(files[0]))
        : files.flatMap((f) => parseDocuments(fs.readFileSync(f === '-' ? 0 : f, 'utf8'), f));
    scope = `${label || files[0]}: `;
    summary = checkKubernetes(docs, { allowDevSecrets });
  }
  for (const n of notes) process.stdout.write(`  note  ${n}\n`);
  for (const e of errors) process.stdout.write(`  FAIL  ${e}\n`);
  process.stdout.write(
    `${errors.length ? 'FAIL' : 'ok  '}  ${label || files[0]}: ${summary}${errors.length ? `, ${errors.length} problem(s)` : ''}\n`,
  );
  return errors.length ? 1 : 0;
}

try {
  process.exitCode = main(process.argv);
} catch (error) {
  process.stderr.write(`check-manifests: ${error.stack || error}\n`);
  process.exitCode = 1;
}
