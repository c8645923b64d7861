package dev.tokengate.token;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database without the V8 migration's version of the users' names (a schema managed without Flyway): the pages join
 * their users, and every answer is what it would be with the version.
 */
class UserNamesWithoutVersionTest extends IntegrationTest {

	@Test
	void thePagesJoinTheirUsersAndAnswerAsUsual() {
		this.jdbc.execute("DROP TABLE user_names_version");
		List<Map<String, Object>> expected = this.jdbc.queryForList("SELECT t.id, u.username FROM auth_tokens t "
				+ "JOIN users u ON u.id = t.user_id ORDER BY t.id LIMIT 3");

		DocumentContext page = JsonPath.parse(rest("limit=3").text());
		DocumentContext list = JsonPath.parse(rest("id_max=" + expected.get(2).get("id")).text());
		DocumentContext graphQl = adminGraphQl("{ authTokens(limit: 3) { results { userData { username } } } }", null);

		List<Object> usernames = expected.stream().map(row -> row.get("username")).toList();
		assertThat(page.read("$.results[*].user_data.username", List.class)).isEqualTo(usernames);
		assertThat(list.read("$[*].user_data.username", List.class)).isEqualTo(usernames);
		assertThat(graphQl.read("$.data.authTokens.results[*].userData.username", List.class)).isEqualTo(usernames);
	}

}
