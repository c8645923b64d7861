package dev.tokengate.graphql;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * Parses and validates each GraphQL document once: frontends send the same few documents again and again, and parsing
 * and validating them was about a sixth of the service's time on a GraphQL request for 20 tokens (measured with Java
 * Flight Recorder under bench/run's S1). The depth and cost limits still run on every request, at execution. Bounded:
 * only documents up to {@value #MAX_DOCUMENT_CHARS} characters are kept, at most {@value #MAX_DOCUMENTS} of them, and
 * the whole cache is dropped when it is full (a stream of distinct documents then costs what it cost before).
 */
final class ParsedDocumentCache implements PreparsedDocumentProvider {

	static final int MAX_DOCUMENTS = 500;

	static final int MAX_DOCUMENT_CHARS = 2048;

	private final Map<String, PreparsedDocumentEntry> documents = new ConcurrentHashMap<>();

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		String document = input.getQuery();
		if (document.length() > MAX_DOCUMENT_CHARS) {
			return CompletableFuture.completedFuture(parseAndValidate.apply(input));
		}
		PreparsedDocumentEntry entry = this.documents.get(document);
		if (entry == null) {
			entry = parseAndValidate.apply(input);
			if (this.documents.size() >= MAX_DOCUMENTS) {
				this.documents.clear();
			}
			this.documents.put(document, entry);
		}
		return CompletableFuture.completedFuture(entry);
	}

	/**
	 * The key of a request by its document and operation name, for what depends on nothing else when the document has
	 * no directive (no {@code @} at all: {@code @skip} and {@code @include} read variables), such as its depth and cost
	 * and whether it is a plain {@code authTokens} query; null for a document with a directive or too large to keep.
	 */
	static String requestKey(String document, String operationName) {
		if (document == null || document.length() > MAX_DOCUMENT_CHARS || document.indexOf('@') >= 0) {
			return null;
		}
		return (operationName == null ? "" : operationName) + '\u0000' + document;
	}

	int size() {
		return this.documents.size();
	}

}
