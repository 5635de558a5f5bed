// What Node itself costs for the network I/O of one host check, with none of the check's own
// work: `node bench/node-floor.cjs RESOLVER ADDRESSES NAME TYPE[,TYPE…] …`.
//
// The same questions as `host mx1.good.test --dnssec validate` asks (each once, UDP, DO bit
// set, answers not read), then per address the same sessions: EHLO, STARTTLS and a TLS
// handshake with the default offer, then one session each for RSA and Ed25519 only, side by
// side (src/probe/key-algorithm-sessions.ts), the leaf read by X509Certificate, QUIT. No
// argument parsing, no DNS parsing, no DNSSEC validation, no judging, no output beyond one line.
// The bench holds a check against this floor: whatever the check costs above it is ours.
'use strict';
const net = require('node:net');
const tls = require('node:tls');
const dgram = require('node:dgram');
const { X509Certificate } = require('node:crypto');

const [resolver, addressList, ...questions] = process.argv.slice(2);
const TYPES = { A: 1, AAAA: 28, DS: 43, TLSA: 52, DNSKEY: 48, MX: 15 };

function query(name, type, id) {
  const labels = name === '.' ? [] : name.replace(/\.$/, '').split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  const question = Buffer.from([0, TYPES[type] >> 8, TYPES[type] & 255, 0, 1]);
  // OPT: 1232-byte UDP payload, DO bit set, as the checker asks.
  const opt = Buffer.from([0, 0, 41, 4, 208, 0, 0, 128, 0, 0, 0]);
  return Buffer.concat([header, ...labels, question, opt]);
}

function ask(socket, name, type, id) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (message.readUInt16BE(0) !== id) return;
      socket.off('message', onMessage);
      resolve();
    };
    socket.on('message', onMessage);
    socket.send(query(name, type, id), 53, resolver);
  });
}

const OFFERS = [{}, { sigalgs: 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pkcs1_sha256:rsa_pkcs1_sha384' }, { sigalgs: 'ed25519' }];

/** One session; resolves with the leaf's SPKI length, or 0 when the server held no such key. */
function session(address, offer) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port: 25 });
    let text = '';
    let step = 0;
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      text += chunk;
      if (!/^\d{3} [^\n]*\n/m.test(text)) return;
      text = '';
      if (step === 0) socket.write('EHLO floor.invalid\r\n');
      else if (step === 1) socket.write('STARTTLS\r\n');
      else if (step === 2) {
        const secure = tls.connect({ socket, servername: 'mx1.good.test', rejectUnauthorized: false, ...offer });
        secure.on('error', () => resolve(0)); // a server without that key refuses the handshake
        secure.on('secureConnect', () => {
          const leaf = new X509Certificate(secure.getPeerX509Certificate().raw);
          secure.write('QUIT\r\n');
          secure.once('data', () => {
            secure.destroy();
            resolve(leaf.publicKey.export({ type: 'spki', format: 'der' }).length);
          });
        });
      }
      step++;
    });
  });
}

(async () => {
  const socket = dgram.createSocket(resolver.includes(':') ? 'udp6' : 'udp4');
  let id = 1;
  await Promise.all(questions.map((q) => q.split(':')).flatMap(([name, types]) => types.split(',').map((type) => ask(socket, name, type, id++))));
  socket.close();
  const leaves = await Promise.all(
    addressList.split(',').map(async (address) => {
      const first = await session(address, OFFERS[0]);
      const others = await Promise.all(OFFERS.slice(1).map((offer) => session(address, offer)));
      return [first, ...others];
    }),
  );
  const certificates = leaves.flat().filter((n) => n > 0).length;
  process.stdout.write(`floor: ${id - 1} questions, ${leaves.flat().length} sessions, ${certificates} certificates\n`);
  process.exitCode = leaves.every(([first]) => first > 0) ? 0 : 1;
})();
