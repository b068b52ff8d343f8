'use strict';
/**
 * Preloaded into the built service by the history bench (`node -r ./bench/variants/without-history.js
 * dist/main.js`): the service exactly as built, except that the repository's `insert` writes the
 * connection without its history event (the same statement, with no event to log). It exists to
 * measure what the history costs a create, in the same run; nothing in src/ can switch the history off.
 */
const { dirname, join } = require('node:path');

const main = process.argv[1];
if (!main) throw new Error('without-history.js is a preload: node -r ./bench/variants/without-history.js dist/main.js');
const { TypeOrmConnectionRepository } = require(join(dirname(main), 'connections', 'persistence', 'typeorm-connection.repository.js'));
const insert = TypeOrmConnectionRepository.prototype.insert;
if (typeof insert !== 'function') throw new Error('TypeOrmConnectionRepository.insert is gone: update bench/variants/without-history.js');
TypeOrmConnectionRepository.prototype.insert = function insertWithoutHistory(connection) {
  return insert.call(this, connection, []);
};
