export { createRedactor, findSecrets, SENSITIVE_HEADERS, type Redactor, type SecretFinding } from './redactor.ts';
export { secretEncodings, MIN_SECRET_LENGTH, REDACTED, type EncodingName, type SecretEncoding } from './encodings.ts';
