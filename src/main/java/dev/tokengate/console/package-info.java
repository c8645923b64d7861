/**
 * The GraphiQL console at {@code /graphiql}: a page and scripts served entirely from the jar (GraphiQL and React come
 * as webjars), so it works without internet access, opening with the Authorization header ready to fill in.
 */
package dev.tokengate.console;
