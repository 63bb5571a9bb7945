import type { FastifyReply } from 'fastify';
import type { CommandResult } from '../application/command-result';

/**
 * Sends a command's result: 201 when events were appended (now, or by the first run of a
 * replayed command, which also says `Idempotent-Replayed: true`), 200 when nothing changed.
 * Controllers take the reply with `@Res()` and hand it here, because the status depends on the
 * outcome, which `@HttpCode` cannot express.
 */
export const sendCommandResult = <T extends CommandResult>(reply: FastifyReply, result: T): void => {
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  void reply.status(result.changed ? 201 : 200).send(result);
};
