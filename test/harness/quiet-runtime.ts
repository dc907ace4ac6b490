// Runs before each test file: the SDK's INFO lines (worker state changes) would bury jest's report.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger(process.env.JSRX_TEST_LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN') });
