/**
 * The first run: when no database is configured, an embedded PostgreSQL with its data under the working directory,
 * migrated and filled with demo data, and a start-up banner saying how to call the service.
 */
package dev.tokengate.embedded;
