/** The CONNECTION_STATUS message (AirbyteConnectionStatus of the Airbyte protocol), printed by `check`. */
import { z } from 'zod';

export const ConnectionStatusMessage = z.looseObject({
  type: z.literal('CONNECTION_STATUS'),
  connectionStatus: z.looseObject({ status: z.enum(['SUCCEEDED', 'FAILED']), message: z.string().optional() }),
});
