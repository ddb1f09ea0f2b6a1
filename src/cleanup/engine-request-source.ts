/**
 * What the detached programs (the watchdog, watchdog-source.ts, and the
 * reuse keeper, reuse-keeper-source.ts) share, as source text spliced into
 * theirs: Engine API requests over a unix socket, tcp or tcp with TLS
 * (`config.endpoint`, `config.certDir`), a JSON-lines log (`config.logFile`,
 * with `config.logExtra` merged into each line) and `sleep`. It expects
 * `http`, `https`, `fs`, `path` and `config` to be defined before it.
 * A string for the reasons given in watchdog-source.ts.
 */
export const ENGINE_REQUEST_SOURCE = String.raw`const endpoint = config.endpoint;
let tlsFiles;
function tls() {
  if (!tlsFiles) {
    const read = (file) => fs.readFileSync(path.join(config.certDir, file));
    tlsFiles = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  }
  return tlsFiles;
}

function request(method, urlPath, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = payload === undefined ? { Host: 'docker' } : { Host: 'docker', 'Content-Type': 'application/json' };
    const options = { method, path: urlPath, agent: false, timeout: 15000, headers };
    let transport = http;
    if (endpoint.kind === 'unix') {
      options.socketPath = endpoint.socketPath;
    } else {
      options.host = endpoint.host;
      options.port = endpoint.port;
      if (endpoint.tls) {
        transport = https;
        Object.assign(options, tls());
      }
    }
    const req = transport.request(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15000 ms')));
    req.on('error', reject);
    req.end(payload);
  });
}

function log(entry) {
  if (!config.logFile) return;
  try {
    const line = Object.assign({ time: new Date().toISOString(), namespace: config.name }, config.logExtra, entry);
    fs.appendFileSync(config.logFile, JSON.stringify(line) + '\n');
  } catch (_) {}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
`;
