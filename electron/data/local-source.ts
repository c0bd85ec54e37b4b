/** Gyre reads only files on this computer: a URL given where a file is expected is refused before anything could fetch it. */
import { GyreError } from '../contract/errors';

/** scheme:// — http, https, s3, gs, hf, ftp…; file:// is a local file and a Windows drive (C:\) has no //. */
const NETWORK_ADDRESS = /^\s*([a-z][a-z0-9+.-]*):\/\//i;

/** Throws when `ref` is a network address (http://, https://, s3://, …), naming it and saying what to do instead. */
export function refuseRemoteSource(ref: string, field = 'file'): void {
  const scheme = NETWORK_ADDRESS.exec(ref)?.[1]?.toLowerCase();
  if (!scheme || scheme === 'file') return;
  throw new GyreError(
    'VALIDATION',
    `${ref.trim()} is a network address; Gyre reads only files on this computer and makes no outbound connections. Copy the file here (on a connected machine, then across) and import that file.`,
    { field, file: ref.trim() },
  );
}
