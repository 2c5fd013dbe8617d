// Preloaded (node --require) into a process and, through NODE_OPTIONS, into its worker threads: any attempt
// to reach the network throws and is reported on stderr. Used to prove OCR runs offline.
'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: --require cannot load ESM */
const net = require('node:net');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const { isMainThread } = require('node:worker_threads');

const where = isMainThread ? 'main thread' : 'worker thread';
process.stderr.write(`[no-network-guard] armed in ${where}\n`);
const refuse = (what) =>
  function refused() {
    process.stderr.write(`[no-network-guard] BLOCKED ${what} in ${where}\n`);
    throw new Error(`network access refused by the no-network guard: ${what}`);
  };
// Local IPC (a Unix socket path, as tsx and vitest use between their processes) is not network.
const isIpc = (args) => {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  return (typeof first === 'string' && !/^\d+$/.test(first)) || (first !== null && typeof first === 'object' && typeof first.path === 'string');
};
const guardConnect = (original, what) =>
  function guarded(...args) {
    if (isIpc(args)) return original.apply(this, args);
    return refuse(what)();
  };
net.Socket.prototype.connect = guardConnect(net.Socket.prototype.connect, 'net.Socket.connect (TCP)');
net.connect = net.createConnection = guardConnect(net.connect, 'net.connect (TCP)');
dns.lookup = refuse('dns.lookup');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
globalThis.fetch = async (url) => refuse(`fetch ${String(url)}`)();
