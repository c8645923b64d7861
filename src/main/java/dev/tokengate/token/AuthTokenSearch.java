package dev.tokengate.token;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The search terms. Every term must match, as a case-insensitive substring, at least one of the token's id (as text),
 * key, or its user's username, mobile number, first or last name. {@code %}, {@code _} and {@code \} are literal.
 * <p>
 * One term at most {@code leads}: its matching users' tokens are looked up in the user_id index, so the search starts
 * from the rows it matches. The others are tested row by row against a hash of their matching users (see
 * {@link AuthTokenQueryBuilder}). Only a term the trigram indexes can serve leads; it is the first such term unless the
 * service finds a better one ({@link AuthTokenService}).
 */
public record AuthTokenSearch(List<String> terms, String leading) {

	public static final AuthTokenSearch NONE = new AuthTokenSearch(List.of());

	public AuthTokenSearch {
		terms = List.copyOf(terms);
		if (leading != null && !(terms.contains(leading) && isIndexed(leading))) {
			throw new IllegalArgumentException("A leading term must be an indexed term of the search");
		}
	}

	/** The terms, led by the first one the trigram indexes can serve, if any. */
	public AuthTokenSearch(List<String> terms) {
		this(terms, terms.stream().filter(AuthTokenSearch::isIndexed).findFirst().orElse(null));
	}

	/**
	 * Parses a search string as DRF 3.14's SearchFilter does: NUL characters removed, commas count as whitespace, split
	 * on whitespace. There are no quoted phrases: quotes are ordinary characters. A repeated term is kept once: DRF
	 * added its condition again, which changes no result, but each costs six parameters of the statement (PostgreSQL
	 * takes at most 65535).
	 */
	public static AuthTokenSearch parse(String search) {
		if (search == null || search.isEmpty()) {
			return NONE;
		}
		List<String> terms = PythonWhitespace.split(search.replace("\0", "").replace(',', ' '));
		return new AuthTokenSearch(new ArrayList<>(new LinkedHashSet<>(terms)));
	}

	/**
	 * Whether the trigram indexes can find the term's matches: pg_trgm takes a LIKE pattern's trigrams from its runs of
	 * letters and digits, so a term without three of them in a row gives none, and its index scan would read every
	 * entry.
	 */
	public static boolean isIndexed(String term) {
		int run = 0;
		for (int i = 0; i < term.length(); i += Character.charCount(term.codePointAt(i))) {
			run = Character.isLetterOrDigit(term.codePointAt(i)) ? run + 1 : 0;
			if (run == 3) {
				return true;
			}
		}
		return false;
	}

	/** The terms that could lead. */
	public List<String> indexedTerms() {
		return this.terms.stream().filter(AuthTokenSearch::isIndexed).toList();
	}

	/** The same terms, led by {@code term}. */
	public AuthTokenSearch ledBy(String term) {
		return new AuthTokenSearch(this.terms, term);
	}

	public boolean isEmpty() {
		return this.terms.isEmpty();
	}

}
