import pkg from '../../package.json' with { type: 'json' };

/** The package version, as `--version` prints it and the image's io.airbyte.version label carries. */
export const VERSION: string = pkg.version;
