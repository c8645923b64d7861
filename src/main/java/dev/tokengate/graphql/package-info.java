/**
 * The GraphQL edge: {@code authTokens} (limit and offset, the REST list's mirror) and {@code authTokenConnection}
 * (keyset cursors), the scalars, the mapping of bad arguments to {@code BAD_REQUEST} errors, and the limits that
 * refuse abusive requests before they run ({@link dev.tokengate.graphql.QueryLimits}).
 */
package dev.tokengate.graphql;
