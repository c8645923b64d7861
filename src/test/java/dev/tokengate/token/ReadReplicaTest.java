package dev.tokengate.token;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.security.TokenOwnerCache;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code tokengate.read-replica.url} set, every read goes to the replica and the primary only gets the
 * migrations. The two are told apart by their data: the primary starts empty (Flyway creates its tables, nothing
 * fills them), the replica is a copy of the filled test database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReadReplicaTest {

	@LocalServerPort
	int port;

	/** The primary's. */
	@Autowired
	JdbcTemplate primary;

	@Autowired
	ReadDatabase reads;

	@Autowired
	TokenOwnerCache tokenOwners;

	@DynamicPropertySource
	static void primaryAndReplica(DynamicPropertyRegistry registry) {
		TestDatabases.usePrimary(registry, TestDatabases::emptyDatabaseUrl);
		registry.add("tokengate.read-replica.url", TestDatabases::freshDatabaseUrl);
	}

	@Test
	void theMigrationsRanOnThePrimaryWhichHoldsNoToken() {
		assertThat(this.primary.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY 1",
				String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
		assertThat(this.primary.queryForObject("SELECT count(*) FROM auth_tokens", Integer.class)).isZero();
	}

	@Test
	void tokenLookupsAreNotCachedSinceTheReplicaMayLagBehindTheAnnouncedChanges() {
		assertThat(this.tokenOwners.isEnabled()).isFalse();
	}

	@Test
	void restListsAndAuthenticatesFromTheReplica() {
		// The admin's token exists only on the replica: a 200 means the token lookup read it there.
		RawHttp.Response page = rest("limit=2&ordering=-id");
		assertThat(page.status()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(page.text(), "$.count")).isEqualTo(5000);
		assertThat(JsonPath.<List<Integer>>read(page.text(), "$.results[*].id")).containsExactly(5000, 4999);
		RawHttp.Response all = rest("id_max=3");
		assertThat(JsonPath.<List<Integer>>read(all.text(), "$[*].id")).containsExactly(1, 2, 3);
	}

	@Test
	void graphQlPagesAndConnectionsReadTheReplica() {
		DocumentContext result = graphQl("""
				{
				  authTokens(limit: 1) { totalCount results { id } }
				  authTokenConnection(first: 2, ordering: [{ field: ID, direction: DESC }]) {
				    totalCount edges { node { id } } pageInfo { hasNextPage }
				  }
				}""");
		assertThat(result.<Integer>read("$.data.authTokens.totalCount")).isEqualTo(5000);
		assertThat(result.<List<String>>read("$.data.authTokenConnection.edges[*].node.id")).containsExactly("5000",
				"4999");
		assertThat(result.<Boolean>read("$.data.authTokenConnection.pageInfo.hasNextPage")).isTrue();
	}

	@Test
	void theReplicaIsReadThroughReadOnlyConnections() {
		TransactionTemplate transaction = new TransactionTemplate(this.reads.transactions());
		assertThatThrownBy(() -> transaction.executeWithoutResult(
				status -> this.reads.jdbc().update("DELETE FROM auth_tokens WHERE id = 5000")))
			.hasMessageContaining("read-only transaction");
		assertThat(this.reads.jdbc().queryForObject("SELECT count(*) FROM auth_tokens", Integer.class)).isEqualTo(5000);
	}

	@Test
	void theReplicasConnectionsStartAsThePrimarysDoWithMemoizeOff() {
		assertThat(this.reads.jdbc().queryForObject("SHOW enable_memoize", String.class)).isEqualTo("off");
	}

	private RawHttp.Response rest(String query) {
		return new RawHttp(this.port).get(IntegrationTest.API + "?" + query, IntegrationTest.ADMIN);
	}

	private DocumentContext graphQl(String document) {
		byte[] body = ("{\"query\":" + IntegrationTest.jsonString(document) + "}").getBytes(StandardCharsets.UTF_8);
		RawHttp.Response response = new RawHttp(this.port).send("POST", "/graphql",
				List.of(IntegrationTest.ADMIN, "Content-Type: application/json"), body);
		assertThat(response.status()).isEqualTo(200);
		return JsonPath.parse(response.text());
	}

}
