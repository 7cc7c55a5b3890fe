// Sizes the contract allows, in one place: the schemas check them, and the HTTP shell sizes its body limit
// from them, so a request the contract accepts is never cut off by the transport in front of it.

/** Base64 characters of one uploaded file: 56,000,000 characters decode to 42,000,000 bytes (40 MB). */
export const MAX_UPLOAD_BASE64 = 56_000_000;
/** Base64 characters of all the files of one import: two files at the limit (80 MB of files). */
export const MAX_UPLOADS_BASE64_TOTAL = 2 * MAX_UPLOAD_BASE64;
/**
 * The largest request body the contract allows, in bytes of JSON: the uploads at their limit plus the rest of
 * the largest input (200 paths of 1,000 characters and 50 names of 255, each character at most 6 bytes as a
 * JSON escape: about 1.3 MB), rounded up. Every other method's input is far smaller.
 */
export const MAX_REQUEST_BYTES = MAX_UPLOADS_BASE64_TOTAL + 2 * 1024 * 1024;
