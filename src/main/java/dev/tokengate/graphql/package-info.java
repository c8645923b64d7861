/**
 * The GraphQL edge: {@code authTokens} (limit and offset, the REST list's mirror) and {@code authTokenConnection}
 * (keyset cursors), the scalars, and the mapping of bad arguments to {@code BAD_REQUEST} errors.
 */
package dev.tokengate.graphql;
