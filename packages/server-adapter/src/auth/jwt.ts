import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { z } from 'zod';
import type { JwtConfig } from '../config/schema.js';
import { HttpError } from '../http/errors.js';

export type JwtSettings = z.infer<typeof JwtConfig>;

/** A verified user token. */
export interface VerifiedUser {
  userId: string;
  claims: JWTPayload;
}

/** Verifies user tokens with the configured key, algorithms, issuer, audience and clock tolerance. */
export type UserTokenVerifier = (token: string) => Promise<VerifiedUser>;

/** Builds the verifier; JWKS keys are fetched lazily and cached by jose. */
export function createUserTokenVerifier(settings: JwtSettings): UserTokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = settings.secret
    ? new TextEncoder().encode(settings.secret)
    : createRemoteJWKSet(new URL(settings.jwksUrl!));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms: settings.algorithms,
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      });
      if (!payload.sub) throw new HttpError(401, 'invalid_token', 'the user token has no sub claim; issue tokens whose sub is the user id');
      return { userId: payload.sub, claims: payload };
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(401, 'invalid_token', `the user token was refused: ${describeJoseError(error)}`);
    }
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired; get a fresh token from your auth server';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" is not accepted (${error.reason}); check issuer and audience`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify with the configured key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not one of the configured algorithms';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the JWKS matches its kid';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'it is not a well-formed JWT';
  if (error instanceof errors.JOSEError) return error.message;
  return 'it could not be verified';
}
