#!/usr/bin/env node
// Independent LKC1 checker, written from docs/container.md alone with Node's built-in crypto only.
// Decrypts a Latchkey container in memory, one segment at a time, and prints the plaintext SHA-256.
//
//   LATCHKEY_ACCESS_TOKEN=... node scripts/verify-container.mjs --container FILE --wrapped-key B64 \
//     --user-id UUID --file-id UUID [--access-token TOKEN] [--signature B64 --public-key B64URL]
//
// The token may be given with --access-token, but the environment keeps it out of `ps`.
// Exit status: 0 verified, 1 refused (anything did not verify), 2 usage error.

import { createDecipheriv, createHash, createPublicKey, hkdfSync, verify } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';

const HEADER_LENGTH = 31;
const TAG_LENGTH = 16;
const NONCE_LENGTH = 12;
const MIN_SEGMENT = 16;
const MAX_SEGMENT = 16 * 1024 * 1024;
const MAX_INDEX = 0xffffffff;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class Refused extends Error {}
class Usage extends Error {}

function options() {
  const { values } = parseArgs({
    options: {
      container: { type: 'string' },
      'wrapped-key': { type: 'string' },
      'access-token': { type: 'string' },
      'user-id': { type: 'string' },
      'file-id': { type: 'string' },
      signature: { type: 'string' },
      'public-key': { type: 'string' },
    },
    strict: true,
  });
  const token = values['access-token'] ?? process.env.LATCHKEY_ACCESS_TOKEN;
  for (const [name, value] of Object.entries({
    container: values.container, 'wrapped-key': values['wrapped-key'], 'user-id': values['user-id'],
    'file-id': values['file-id'], 'access-token (or LATCHKEY_ACCESS_TOKEN)': token,
  })) {
    if (!value) throw new Usage(`missing --${name}`);
  }
  if ((values.signature === undefined) !== (values['public-key'] === undefined)) {
    throw new Usage('--signature and --public-key go together');
  }
  return {
    container: values.container,
    wrappedKey: values['wrapped-key'],
    token,
    userId: uuidText(values['user-id'], 'user id'),
    fileId: uuidText(values['file-id'], 'file id'),
    signature: values.signature,
    publicKey: values['public-key'],
  };
}

// Section "Notation": ids are used in canonical lowercase text form.
function uuidText(value, what) {
  const text = value.toLowerCase();
  if (!UUID_TEXT.test(text)) throw new Usage(`${what} is not a UUID: ${value}`);
  return text;
}

function uuidBinary(text) {
  return Buffer.from(text.replaceAll('-', ''), 'hex');
}

// Standard base64 with padding, strictly (Buffer.from ignores junk, so re-encode and compare).
function strictBase64(text, what) {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new Refused(`${what} is not standard padded base64`);
  return bytes;
}

function base64url(text, what) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Usage(`${what} is not unpadded base64url`);
  return Buffer.from(text, 'base64url');
}

function gcmOpen(key, nonce, aad, sealed) {
  if (sealed.length < TAG_LENGTH) throw new Refused('sealed data shorter than a tag');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  const head = decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH));
  try {
    const tail = decipher.final();
    return Buffer.concat([head, tail]);
  } catch {
    head.fill(0);
    throw new Refused('authentication failed');
  }
}

// Section 4: user_key = HKDF-SHA256(token, salt = user id text, info = "file_decryption_key", 32).
function unwrapDek(wrappedKey, token, userId, fileId) {
  const box = strictBase64(wrappedKey, 'wrapped key');
  if (box.length !== NONCE_LENGTH + 32 + TAG_LENGTH) throw new Refused('wrapped key must be 60 bytes');
  const userKey = Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), Buffer.from(userId, 'utf8'),
    Buffer.from('file_decryption_key', 'ascii'), 32));
  try {
    return gcmOpen(userKey, box.subarray(0, NONCE_LENGTH), Buffer.from(fileId, 'utf8'), box.subarray(NONCE_LENGTH));
  } catch (e) {
    throw new Refused(`wrapped key does not open for this token, user and file (${e.message})`);
  }
}

function readFully(fd, buffer, offset, length) {
  let total = 0;
  while (total < length) {
    const n = readSync(fd, buffer, offset + total, length - total, null);
    if (n === 0) break;
    total += n;
  }
  return total;
}

// Sections 2.1-2.3: check the header, then open records of S + 16 bytes; a record is final exactly when
// the file ends within or right after it (one lookahead byte tells).
function decryptContainer(path, dek, fileId) {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(HEADER_LENGTH);
    if (readFully(fd, header, 0, HEADER_LENGTH) < HEADER_LENGTH) throw new Refused('shorter than the header');
    if (header.toString('latin1', 0, 4) !== 'LKC1') throw new Refused('not an LKC1 container');
    const segmentSize = header.readUInt32BE(4);
    if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT) throw new Refused(`segment size ${segmentSize} out of range`);
    if (!header.subarray(8, 24).equals(uuidBinary(fileId))) throw new Refused('header names another file id');
    const prefix = header.subarray(24, 31);

    const recordLength = segmentSize + TAG_LENGTH;
    const record = Buffer.alloc(recordLength + 1);
    const sha256 = createHash('sha256');
    let filled = 0;
    for (let index = 0; ; index++) {
      filled += readFully(fd, record, filled, record.length - filled);
      const last = filled < record.length;
      const length = last ? filled : recordLength;
      if (length < TAG_LENGTH) throw new Refused(`segment ${index} shorter than its tag`);
      if (last && length === TAG_LENGTH && index > 0) throw new Refused('empty final segment after data');
      if (index > MAX_INDEX) throw new Refused('more than 2^32 segments');
      const nonce = Buffer.alloc(NONCE_LENGTH);
      prefix.copy(nonce, 0);
      nonce.writeUInt32BE(index, 7);
      nonce[11] = last ? 1 : 0;
      let plaintext;
      try {
        plaintext = gcmOpen(dek, nonce, header, record.subarray(0, length));
      } catch (e) {
        throw new Refused(`segment ${index}: ${e.message}`);
      }
      sha256.update(plaintext);
      plaintext.fill(0);
      if (last) return sha256.digest();
      record[0] = record[recordLength];
      filled = 1;
    }
  } finally {
    closeSync(fd);
  }
}

// Section 5: Ed25519 over "latchkey-file-v1" || file id (16 bytes) || SHA-256 (32 bytes).
function checkSignature(signatureB64, publicKeyX, fileId, digest) {
  const x = base64url(publicKeyX, 'public key');
  if (x.length !== 32) throw new Usage('public key must be 32 bytes');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyX }, format: 'jwk' });
  const signature = strictBase64(signatureB64, 'signature');
  const message = Buffer.concat([Buffer.from('latchkey-file-v1', 'ascii'), uuidBinary(fileId), digest]);
  if (signature.length !== 64 || !verify(null, message, key, signature)) {
    throw new Refused('the digest signature does not verify for this file');
  }
}

try {
  const opts = options();
  const dek = unwrapDek(opts.wrappedKey, opts.token, opts.userId, opts.fileId);
  const digest = decryptContainer(opts.container, dek, opts.fileId);
  dek.fill(0);
  if (opts.signature !== undefined) checkSignature(opts.signature, opts.publicKey, opts.fileId, digest);
  process.stdout.write(`${digest.toString('hex')}\n`);
} catch (e) {
  process.stderr.write(`verify-container: ${e.message}\n`);
  process.exit(e instanceof Usage || e?.code?.startsWith?.('ERR_PARSE_ARGS') ? 2 : 1);
}
