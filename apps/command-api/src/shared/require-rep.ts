import { notFound } from '@crm/domain';
import { streams } from '@crm/events';
import type { CommandHandler } from '../application/command-handler.service';

/**
 * A reference to another aggregate: the rep must exist (404 REP_NOT_FOUND naming the field
 * otherwise). Checked before the command is decided; the customer stream cannot know.
 */
export const requireRep = async (commands: CommandHandler, repId: string, field = 'repId'): Promise<void> => {
  if (!(await commands.exists(streams.rep(repId)))) {
    throw notFound('REP_NOT_FOUND', `Rep ${repId} does not exist`, field);
  }
};
