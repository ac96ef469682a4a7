module.exports = { ...require('../../jest.preset.js'), displayName: 'crisis-monitoring', rootDir: __dirname };
