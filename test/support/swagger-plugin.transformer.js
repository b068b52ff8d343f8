/**
 * The @nestjs/swagger CLI plugin as a ts-jest AST transformer (jest.config.js passes it the options
 * of nest-cli.json), so the app the e2e specs boot documents itself like the one `nest build` makes.
 * The plugin needs the type checker: ts-jest hands it the program of its language service.
 */
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-plugin';
// ts-jest's cache key holds the options (jest config) and this version, so an upgrade of the plugin recompiles.
module.exports.version = require('@nestjs/swagger/package.json').version;
module.exports.factory = (compiler, options) => plugin.before(options, compiler.program);
