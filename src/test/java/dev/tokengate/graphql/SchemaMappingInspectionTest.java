package dev.tokengate.graphql;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMappingInspectionTest extends IntegrationTest {

	@Autowired
	GraphQlConfig.SchemaInspection inspection;

	@Autowired
	GraphQlSource graphQlSource;

	@Test
	void everyFieldAndArgumentOfTheSchemaIsMapped() {
		var report = this.inspection.report();
		assertThat(report).as("the start-up inspection ran").isNotNull();
		assertThat(report.unmappedFields()).isEmpty();
		assertThat(report.unmappedArguments()).isEmpty();
		assertThat(report.unmappedRegistrations()).isEmpty();
		assertThat(report.skippedTypes()).isEmpty();
		assertThat(GraphQlConfig.SchemaInspection.isClean(report)).isTrue();
	}

	@Test
	void theInspectionCoversTheQueriesAndTheirTypes() {
		var schema = this.inspection.report().schema();
		assertThat(schema.getQueryType().getFieldDefinition("authTokens")).isNotNull();
		assertThat(schema.getQueryType().getFieldDefinition("authTokenConnection")).isNotNull();
		assertThat(schema.getObjectType("AuthToken").getFieldDefinitions()).extracting("name")
			.containsExactly("id", "key", "userData", "createdAt", "updatedAt");
	}

	@Test
	void queriesRunWithThePropertyReadShortcut() {
		assertThat(this.graphQlSource.graphQl().getQueryStrategy()).isInstanceOf(PropertyReadExecutionStrategy.class);
	}

}
