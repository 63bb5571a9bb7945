import type { FastifyReply } from 'fastify';
import type { CommandResult } from '../application/command-result';

/** A command answered from its first run says so in `Idempotent-Replayed: true`. */
export const markReplayed = <T extends CommandResult>(reply: FastifyReply, result: T): T => {
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return result;
};
