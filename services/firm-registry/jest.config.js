module.exports = { ...require('../../jest.preset.js'), displayName: 'firm-registry', rootDir: __dirname };
