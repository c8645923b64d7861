package dev.tokengate.graphql;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one GraphQL request may ask for ({@code tokengate.graphql.*}); a request beyond a limit is refused before
 * any SQL runs. The README gives the reasons for the defaults.
 * @param maxDepth the deepest field nesting, root fields being depth 1
 * @param maxComplexity the total cost of the document's fields: 1 per field, {@link QueryLimits#SQL_FIELD_COST} per
 * field that runs SQL (the queries), aliases counted one by one
 * @param maxDocumentBytes the largest document, in UTF-8 bytes, checked before it is parsed
 * @param requestTimeout after this, no further field is fetched and the request ends with a TIMEOUT error
 */
@ConfigurationProperties("tokengate.graphql")
public record GraphQlLimits(@DefaultValue("15") int maxDepth, @DefaultValue("1000") int maxComplexity,
		@DefaultValue("16384") int maxDocumentBytes, @DefaultValue("30s") Duration requestTimeout) {
}
