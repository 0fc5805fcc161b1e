import { Logger } from '@nestjs/common';
import { DLQ_USAGE, DlqUsageError, runDlqCommand } from '@bazaar/shared/messaging';

// The client's own log lines (kafkajs through Nest's logger) only when something goes wrong.
Logger.overrideLogger(['error']);

runDlqCommand(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(error instanceof DlqUsageError ? `${error.message}\n\n${DLQ_USAGE}\n` : `dlq: ${error.message}\n`);
    process.exitCode = error instanceof DlqUsageError ? 2 : 1;
  },
);
