/**
 * CommonJS entry: `require('eslint-plugin-job-audit')` returns the plugin object itself (Node ≥ 20.19
 * loads the ES module synchronously), so `eslint.config.cjs` files work as they do with other plugins.
 */
import plugin = require('../index.js');

export = plugin.default;
