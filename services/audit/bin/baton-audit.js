#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports */
// `npx baton-audit …`: the auditors' command line (services/audit/src/cli). It runs the TypeScript sources
// through the repository's SWC require hook, as the services do (libs/platform/runtime/register.js).
'use strict';
require('../../../libs/platform/runtime/register.js');
require('../src/cli/main.ts');
