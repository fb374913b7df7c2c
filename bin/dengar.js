#!/usr/bin/env node
'use strict';
// The package bin. The TypeScript sources are compiled to dist/ by `npm ci` (the `prepare` script).
require('../dist/cli/main.js');
