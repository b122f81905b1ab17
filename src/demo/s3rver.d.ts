/**
 * The few parts of s3rver (an S3-compatible server for tests; it ships no types) that
 * src/demo/loopback-s3.ts uses, for the demo and the conformance suite.
 */
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
