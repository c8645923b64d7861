/**
 * The auth-token list itself: the immutable query model both APIs build ({@link dev.tokengate.token.AuthTokenQuery}),
 * the only class that writes SQL ({@link dev.tokengate.token.AuthTokenQueryBuilder}) and the service that runs it.
 */
package dev.tokengate.token;
