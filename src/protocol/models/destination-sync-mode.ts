/** DestinationSyncMode of the Airbyte protocol. */
import { z } from 'zod';

export const DestinationSyncMode = z.enum(['append', 'overwrite', 'append_dedup', 'update', 'soft_delete']);
