'use strict';
/**
 * Preloaded into the built service by the history bench (`node -r ./bench/variants/typeorm-insert.js
 * dist/main.js`): the service as built, except that the repository's `insert` is the one it had
 * before the history — TypeORM's `Repository.insert` of the row, no event, no transaction of its
 * own. What a create cost before the history existed, measured in the same run.
 */
const { dirname, join } = require('node:path');

const main = process.argv[1];
if (!main) throw new Error('typeorm-insert.js is a preload: node -r ./bench/variants/typeorm-insert.js dist/main.js');
const persistence = join(dirname(main), 'connections', 'persistence');
const { TypeOrmConnectionRepository } = require(join(persistence, 'typeorm-connection.repository.js'));
const { ConnectionMapper } = require(join(persistence, 'connection.mapper.js'));
if (typeof TypeOrmConnectionRepository.prototype.guard !== 'function') {
  throw new Error('TypeOrmConnectionRepository.guard is gone: update bench/variants/typeorm-insert.js');
}
TypeOrmConnectionRepository.prototype.insert = async function insertAsBeforeTheHistory(connection) {
  await this.guard(() => this.rows.insert(ConnectionMapper.toEntity(connection)));
};
