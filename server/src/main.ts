// `npm start`: Dayreel on its embedded defaults (or whatever the environment configures).
import { startDayreel } from './app.js';
import { runProcess } from './process.js';

await runProcess({
  name: 'api',
  title: 'Dayreel',
  start: (config, log) => startDayreel(config, log),
  announce(app, config, logger) {
    logger.info({ url: app.url }, `Dayreel is running at ${app.url}  (GraphQL IDE: ${app.url}/graphql)`);
    if (config.demo) logger.info('Demo account: demo / demo1234');
  },
});
