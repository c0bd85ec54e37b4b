/** One way to tell the user something happened or failed: Mantine notifications carrying the GyreError's own sentence. */
import { notifications } from '@mantine/notifications';
import { GyreError } from '@contract';

export function errorMessage(error: unknown): string {
  if (error instanceof GyreError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function notifyError(error: unknown, title = 'That did not work'): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 8000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3000 });
}
